// Capacity and latency: at most `capacity` sequences decode at once (the rest wait in FIFO order),
// each takes ttftMs before its first token and then 1000/tokensPerSecond ms per token.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimStats } from './stats';

export class Scheduler {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly capacity: number,
    private readonly ttftMs: number,
    private readonly tokensPerSecond: number,
    private readonly stats: SimStats,
  ) {}

  /** Waits for a free sequence slot; the returned function frees it. Rejects if the signal aborts. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.capacity === 0 || this.active < this.capacity) {
      this.active++;
      return this.releaser();
    }
    this.stats.queued++;
    try {
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = this.waiting.indexOf(grant);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal.reason);
        };
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(grant);
      });
    } finally {
      this.stats.queued--;
    }
    // The slot was handed over by the releaser, so `active` already counts it.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** When (ms after the sequence started decoding) token i is ready. */
  tokenReadyAt(i: number): number {
    return this.ttftMs + (this.tokensPerSecond > 0 ? (i + 1) * (1000 / this.tokensPerSecond) : 0);
  }

  get hasLatency(): boolean {
    return this.ttftMs > 0 || this.tokensPerSecond > 0;
  }

  /** Sleeps until `startedAt + offsetMs`; resolves at once when that is past. */
  async waitUntil(startedAt: number, offsetMs: number, signal: AbortSignal): Promise<void> {
    const delay = startedAt + offsetMs - performance.now();
    if (delay > 0) await sleep(delay, undefined, { signal });
  }
}
