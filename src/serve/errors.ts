// Errors in OpenAI's JSON shape, `{"error": {message, type, param, code}}`, with their HTTP status and
// headers. The `code` strings are OpenAI's own (`model_not_found`, `invalid_api_key`, ...), so clients that
// branch on them behave as they do against OpenAI.
import { SimHttpError } from '../sim/errors';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class ServeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new ServeError(400, message, 'invalid_request_error', code, param);

/** A body-reading error of the shared reader (413 too large, 400 empty or not JSON) in this server's shape. */
export function fromBodyError(err: unknown): unknown {
  if (!(err instanceof SimHttpError)) return err;
  return new ServeError(err.status, err.message, 'invalid_request_error', err.status === 413 ? 'request_too_large' : 'invalid_json');
}
