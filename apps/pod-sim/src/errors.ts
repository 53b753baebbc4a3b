import type { ZodError } from 'zod';

/** vLLM's ErrorResponse: `{"error": {"message", "type", "param", "code"}}` with code = HTTP status. */
export interface VllmErrorBody {
  error: { message: string; type: string; param: string | null; code: number };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): VllmErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.status } };
  }
}

export const badRequest = (message: string, param: string | null = null): HttpError =>
  new HttpError(400, 'BadRequestError', message, param);

export const notFound = (message: string): HttpError => new HttpError(404, 'NotFoundError', message);

export const serviceUnavailable = (message: string): HttpError =>
  new HttpError(503, 'ServiceUnavailableError', message);

/** Turn zod issues into a vLLM-style 400 (vLLM answers pydantic validation errors with BadRequestError). */
export function fromZodError(error: ZodError, what: string): HttpError {
  const issues = error.issues;
  const lines = issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
  const first = issues[0];
  const param = first && first.path.length > 0 ? first.path.join('.') : null;
  const count = issues.length;
  return badRequest(
    `${count} validation error${count === 1 ? '' : 's'} for ${what}\n${lines.join('\n')}`,
    param,
  );
}
