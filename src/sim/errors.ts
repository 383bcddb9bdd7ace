// Errors in OpenAI's JSON shape ({"error": {message, type, param, code}}) with their HTTP status.

export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = errorTypeFor(status),
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
    /** OpenAI's string `code` (e.g. `unsupported_parameter`), where an emulated server sends one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: number } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.status } };
  }
}

function errorTypeFor(status: number): string {
  if (status === 400 || status === 413 || status === 422) return 'invalid_request_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_exceeded';
  return 'server_error';
}
