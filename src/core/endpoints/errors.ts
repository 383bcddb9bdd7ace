// Classifies endpoint failures: cancellation, retryable, the `n` > 1 refusal, and fatal errors.
import { APIConnectionError, APIUserAbortError } from 'openai';

/** An error that ends the run: the endpoint is unreachable, refuses our key, or lacks the model. */
export class FatalEndpointError extends Error {}

/** Raised when the per-request timer fires (distinct from a user's cancel). */
export class RequestTimeoutError extends Error {}

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

function responseHeaders(err: unknown): Headers | undefined {
  if (!(err instanceof Error)) return undefined;
  const headers = (err as { headers?: unknown }).headers;
  return headers instanceof Headers ? headers : undefined;
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

/** A 4xx that says the server refuses several choices per request (llama.cpp and others). */
export function isNRefusal(err: unknown): boolean {
  const status = httpStatus(err);
  if (status === undefined || status < 400 || status >= 500 || status === 429 || status === 408) return false;
  const message = err instanceof Error ? err.message : '';
  return /\bn\b|choices|n_choices|only supports n ?= ?1|best_of/i.test(message);
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
