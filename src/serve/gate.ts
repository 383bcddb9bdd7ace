// The concurrency limit on runs: a request beyond it is refused at once with 429 and a Retry-After
// (seconds) estimated from how long recent runs took, instead of queueing behind runs that can take
// minutes. Clients such as the `openai` package wait that long and retry on their own.
import { ServeError } from './errors';

/** Weight of the newest run in the moving average of run durations. */
const SMOOTHING = 0.3;

export class RunGate {
  private running = 0;
  private averageMs = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`the concurrency limit must be a whole number >= 1, got ${limit}`);
  }

  /** Takes a slot or throws the 429; call the returned function once when the run ended. */
  enter(): () => void {
    if (this.running >= this.limit) {
      const retryAfter = String(Math.max(1, Math.ceil(this.averageMs / 1000)));
      throw new ServeError(
        429,
        `ponder serve is already running ${this.limit} solve(s), its limit; retry after ${retryAfter} s, or start it with a higher --max-concurrent-runs`,
        'rate_limit_exceeded',
        'rate_limit_exceeded',
        null,
        { 'Retry-After': retryAfter },
      );
    }
    this.running++;
    const started = Date.now();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running--;
      const took = Date.now() - started;
      this.averageMs = this.averageMs === 0 ? took : SMOOTHING * took + (1 - SMOOTHING) * this.averageMs;
    };
  }
}
