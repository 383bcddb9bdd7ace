// Runs the sequences of one request (one per choice) through the scheduler, so capacity, time to
// first token and decode speed shape when their tokens become available.
import { AsyncQueue } from '../core/asyncQueue';
import type { Scheduler } from './scheduler';
import type { SimStats } from './stats';

export interface TokenSpan {
  choice: number;
  /** Tokens [from, to) of this choice are ready. */
  from: number;
  to: number;
}

export class SequenceRunner {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly stats: SimStats,
  ) {}

  /** Token spans as they become ready, across all choices; per-token spans when there is no latency. */
  stream(tokenCounts: number[], signal: AbortSignal): AsyncIterable<TokenSpan> {
    const channel = new AsyncQueue<TokenSpan>();
    const tasks = tokenCounts.map((count, choice) => this.decode(count, signal, (from, to) => channel.push({ choice, from, to })));
    Promise.all(tasks).then(
      () => channel.close(),
      (error: unknown) => channel.fail(error),
    );
    return channel;
  }

  /** Resolves when every choice has finished decoding. */
  async complete(tokenCounts: number[], signal: AbortSignal): Promise<void> {
    await Promise.all(tokenCounts.map((count) => this.decode(count, signal, () => undefined)));
  }

  private async decode(count: number, signal: AbortSignal, ready: (from: number, to: number) => void): Promise<void> {
    const release = await this.scheduler.acquire(signal);
    try {
      const startedAt = performance.now();
      let sent = 0;
      if (count === 0) await this.scheduler.waitUntil(startedAt, this.scheduler.tokenReadyAt(-1), signal);
      while (sent < count) {
        await this.scheduler.waitUntil(startedAt, this.scheduler.tokenReadyAt(sent), signal);
        let to = sent + 1;
        // Behind schedule (slow consumer or timer granularity): release every token that is due.
        if (this.scheduler.hasLatency) {
          const elapsed = performance.now() - startedAt;
          while (to < count && this.scheduler.tokenReadyAt(to) <= elapsed) to++;
        }
        ready(sent, to);
        this.stats.completionTokens += to - sent;
        sent = to;
      }
    } finally {
      release();
    }
  }
}
