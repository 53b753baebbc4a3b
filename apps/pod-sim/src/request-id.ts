import { randomUUID } from 'node:crypto';

/** vLLM ids: `chatcmpl-<32 hex>` / `cmpl-<32 hex>`. */
export const requestId = (prefix: 'chatcmpl' | 'cmpl'): string =>
  `${prefix}-${randomUUID().replaceAll('-', '')}`;
