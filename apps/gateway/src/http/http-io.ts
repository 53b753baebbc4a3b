import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Read a JSON request body, refusing more than `limitBytes` (so one client cannot exhaust memory). */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    throw new GatewayError('payload_too_large', `request body exceeds ${limitBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes)
      throw new GatewayError('payload_too_large', `request body exceeds ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new GatewayError('invalid_request', 'request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_request', 'request body is not valid JSON');
  }
}

/**
 * Write to a streaming response respecting backpressure: resolves when the chunk is accepted, or rejects if
 * the client went away (so the caller stops reading upstream).
 */
export function writeChunk(res: ServerResponse, chunk: string): Promise<void> {
  if (res.destroyed || res.writableEnded) return Promise.reject(new Error('client connection closed'));
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      res.off('drain', onDrain);
      reject(new Error('client connection closed'));
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
