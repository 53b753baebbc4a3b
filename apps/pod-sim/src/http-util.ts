import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, type HttpError } from './errors.ts';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Read and JSON-parse a request body; malformed JSON or an oversized body is a 400 like vLLM's. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw badRequest(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw badRequest('1 validation error\n(body): Field required');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`JSON decode error: ${(error as Error).message}`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, error.toBody(), headers);
}

/** FastAPI's default answers for unknown routes and wrong methods. */
export const sendNotFoundRoute = (res: ServerResponse): void => sendJson(res, 404, { detail: 'Not Found' });
export const sendMethodNotAllowed = (res: ServerResponse): void =>
  sendJson(res, 405, { detail: 'Method Not Allowed' });
