// Collects a run's events and sends them in time-based batches (one batch at most every `intervalMs`),
// in order, so a 256-sample run streaming tokens does not flood the client with one message per token.
import type { SolveEvent } from '../shared/events';

export const BATCH_INTERVAL_MS = 40;

export class EventBatcher {
  private pending: SolveEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (events: SolveEvent[]) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  push(event: SolveEvent): void {
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is pending now (the run's last batch is flushed this way, before the response). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.send(events);
  }
}
