import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('emits events split across arbitrary chunk boundaries', () => {
    const stream = 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(events.map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
      expect(parser.pending).toBe('');
    }
  });

  it('handles CRLF, multi-line data and comments, and keeps the raw block', () => {
    const parser = new SseParser();
    const events = parser.push(': keep-alive\r\n\r\nevent: x\r\ndata: line1\r\ndata:line2\r\n\r\n');
    expect(events).toEqual([{ data: 'line1\nline2', raw: 'event: x\ndata: line1\ndata:line2' }]);
  });

  it('decodes UTF-8 split inside a multi-byte character', () => {
    const bytes = new TextEncoder().encode('data: "café ☕"\n\n');
    const parser = new SseParser();
    const events = [...parser.push(bytes.slice(0, 11)), ...parser.push(bytes.slice(11))];
    expect(events[0]?.data).toBe('"café ☕"');
  });

  it('reports an incomplete trailing event as pending', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":1}\n\ndata: {"par')).toHaveLength(1);
    expect(parser.pending).toBe('data: {"par');
  });
});
