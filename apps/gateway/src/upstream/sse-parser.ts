/** One Server-Sent Event: its joined `data:` lines and the raw text block it came from (for passthrough). */
export interface SseEvent {
  data: string;
  raw: string;
}

/**
 * Incremental SSE parser (https://html.spec.whatwg.org/multipage/server-sent-events.html): feed it chunks as
 * they arrive, get back the events completed so far. Chunks may split events, lines and UTF-8 sequences.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';

  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.buffer = this.buffer.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let boundary = this.buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
      boundary = this.buffer.indexOf('\n\n');
    }
    return events;
  }

  /** Text received after the last complete event (non-empty means the stream was cut mid-event). */
  get pending(): string {
    return this.buffer;
  }
}

function parseBlock(block: string): SseEvent | undefined {
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  if (data.length === 0) return undefined;
  return { data: data.join('\n'), raw: block };
}
