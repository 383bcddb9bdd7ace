// Classifies endpoint failures: cancellation, retryable, the `n` > 1 refusal, and fatal errors.
import { APIConnectionError, APIUserAbortError } from 'openai';
import { REPLAY_HEADER } from '../../shared/replayHeader';

/** An error that ends the run: the endpoint is unreachable, refuses our key, or lacks the model. */
export class FatalEndpointError extends Error {}

/** Raised when the per-request timer fires (distinct from a user's cancel). */
export class RequestTimeoutError extends Error {}

/** The server refused this request (a 4xx other than 401/403/408/409/429): retrying it unchanged is pointless. Keeps the status and headers. */
export class EndpointRejection extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly headers: Headers | undefined,
  ) {
    super(message);
  }
}

export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError');
}

/** The HTTP status of an openai APIError or of a verifier's HttpStatusError. */
export function httpStatus(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

export function responseHeaders(err: unknown): Headers | undefined {
  if (!(err instanceof Error)) return undefined;
  const headers = (err as { headers?: unknown }).headers;
  return headers instanceof Headers ? headers : undefined;
}

/** A strict replay's refusal of text it has no recording of (`ponder sim --replay F --strict`). */
export function isUnrecordedRefusal(err: unknown): boolean {
  return httpStatus(err) === 400 && responseHeaders(err)?.get(REPLAY_HEADER) === 'unrecorded';
}

export function isConnectionRefused(err: unknown): boolean {
  if (!(err instanceof APIConnectionError) && !(err instanceof TypeError)) return false;
  let cause: unknown = err;
  for (let depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * An HTTP error that a request for several choices (`n` > 1) may have drawn because of `n` itself: any
 * answer but a rate limit, a time-out, a conflict or an auth failure. Whether it was `n` is then
 * decided by behaviour: the same prompt with `n` = 1 (see PolicyClient).
 */
export function mayBeNRefusal(err: unknown): boolean {
  const status = httpStatus(err);
  return status !== undefined && status >= 400 && ![401, 403, 408, 409, 429].includes(status);
}

/**
 * The largest `n` an error message allows, when it states one below the `n` that was asked for
 * (llama.cpp: "Value must be between 1 <= value <= 4, but got 5"); 1 when it states none.
 */
export function statedMaxN(message: string, asked: number): number {
  const bounds = [...message.matchAll(/\d+/g)].map((m) => Number(m[0])).filter((x) => x >= 1 && x < asked);
  return bounds.length ? Math.max(...bounds) : 1;
}

/** Seconds or an HTTP date in Retry-After, as milliseconds. */
export function retryAfterMs(err: unknown): number | undefined {
  const headers = responseHeaders(err);
  if (!headers) return undefined;
  const value = headers.get('retry-after-ms') ?? undefined;
  if (value && Number.isFinite(Number(value))) return Number(value);
  const header = headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Statuses that end a run: the key is refused, or the URL or model does not exist (404, except where a probe expects it). */
export function isFatalStatus(status: number | undefined): boolean {
  return status === 401 || status === 403 || status === 404;
}

export function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
    return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
