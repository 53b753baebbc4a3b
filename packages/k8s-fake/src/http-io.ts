import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './patches.ts';
import { badRequest, type KubeStatus } from './status.ts';
import { ApiStatusError } from './store.ts';

/** JSON bodies in and out, with the Content-Type and Content-Length the API server sends. */
export function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  send(res, status.code, status);
}

export async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ApiStatusError(badRequest(`invalid JSON body: ${text.slice(0, 80)}`));
  }
}

export async function readBodyText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readBodyAndDiscard(req: IncomingMessage): Promise<void> {
  await readBodyText(req);
}
