// Runs one HTTP call with a per-attempt timeout and retries: exponential backoff with full jitter,
// honouring Retry-After; connection refused is retried briefly and then becomes fatal, naming the URL.
import {
  EndpointRejection,
  FatalEndpointError,
  RequestTimeoutError,
  describe,
  httpStatus,
  isAbort,
  isConnectionRefused,
  isFatalStatus,
  responseHeaders,
  retryAfterMs,
} from './errors';

export interface RetryOptions {
  /** What is being called, for messages: e.g. "the policy endpoint at http://…/v1". */
  target: string;
  timeoutMs: number;
  signal?: AbortSignal;
  maxAttempts?: number;
  log?: (level: 'warn' | 'debug', message: string) => void;
  /** Called before every attempt (requests are counted per attempt). */
  onAttempt?: () => void;
  /** Rethrow this error as it is, without retrying (e.g. a possible `n` refusal, a probe's expected 404). */
  passThrough?: (err: unknown, attempt: number) => boolean;
}

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5000;
const CONNECTION_ATTEMPTS = 3;

/**
 * `call` gets the attempt's signal and `alive()`, which a stream calls on every chunk: the timeout
 * counts from the last sign of life, so a long answer streaming steadily never times out, while a
 * server that stalls (before or during the answer) does after `timeoutMs`.
 */
export async function withRetries<T>(call: (signal: AbortSignal, alive: () => void) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    options.onAttempt?.();
    const timer = new AbortController();
    let lastSignOfLife = Date.now();
    // A timer that fires late because the event loop was busy (e.g. grading) must not abort an answer
    // that has already arrived: check again after the loop has polled I/O.
    const expire = () =>
      setImmediate(() => {
        const silent = Date.now() - lastSignOfLife;
        if (silent < options.timeoutMs) timeout = setTimeout(expire, options.timeoutMs - silent);
        else timer.abort(new RequestTimeoutError(`${options.target} did not answer within ${options.timeoutMs} ms`));
      });
    let timeout = setTimeout(expire, options.timeoutMs);
    const alive = () => {
      lastSignOfLife = Date.now();
    };
    const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
    try {
      return await call(signal, alive);
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      const timedOut = timer.signal.aborted;
      if (!timedOut && isAbort(err)) throw err;
      if (options.passThrough?.(err, attempt)) throw err;
      const status = httpStatus(err);
      if (isFatalStatus(status)) {
        const hint = status === 404 ? 'check the URL and the model name' : 'check the API key (PONDER_API_KEY / PONDER_VERIFIER_API_KEY)';
        throw new FatalEndpointError(`${options.target} answered HTTP ${status}: ${describe(err)}; ${hint}`);
      }
      const refused = isConnectionRefused(err);
      if (refused && attempt >= CONNECTION_ATTEMPTS) {
        throw new FatalEndpointError(`cannot connect to ${options.target}: ${describe(err)}. Is the server running, and is the URL right?`);
      }
      const message = timedOut ? (timer.signal.reason as Error).message : describe(err);
      if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429) {
        throw new EndpointRejection(`${options.target} rejected the request (HTTP ${status}): ${message}`, status, responseHeaders(err));
      }
      if (attempt >= maxAttempts) throw new Error(`${options.target} failed ${attempt} times; last error: ${message}`);
      const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
      let delay = retryAfterMs(err) ?? Math.random() * backoff;
      // A wait longer than the whole request budget helps nobody; give up instead.
      if (Date.now() - started + delay > options.timeoutMs * maxAttempts) delay = Math.random() * backoff;
      options.log?.('debug', `${options.target}: attempt ${attempt} failed (${message}); retrying in ${Math.round(delay)} ms`);
      await sleep(delay, options.signal);
    } finally {
      clearTimeout(timeout);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
