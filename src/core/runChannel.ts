// An ordered, single-consumer event stream that the producer can push to before anyone listens.
import type { SolveEvent } from '../shared/events';

export class EventChannel implements AsyncIterable<SolveEvent> {
  private readonly buffer: SolveEvent[] = [];
  private waiting: ((result: IteratorResult<SolveEvent>) => void) | null = null;
  private closed = false;
  private iterated = false;

  push(event: SolveEvent): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
    } else this.buffer.push(event);
  }

  close(): void {
    this.closed = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<SolveEvent> {
    // Each event is delivered exactly once, so a second iterator would silently miss events.
    if (this.iterated) throw new Error('a run can be iterated only once');
    this.iterated = true;
    return {
      next: () => {
        const event = this.buffer.shift();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.buffer.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
