// An ordered, single-consumer async queue that producers can push to before anyone listens: a run's
// events (core/solve.ts) and the simulator's token spans (sim/sequences.ts).
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private failure: { error: unknown } | null = null;
  private iterated = false;

  /** Ignored once the queue is closed or failed. */
  push(item: T): void {
    if (this.closed || this.failure) return;
    this.buffer.push(item);
    this.notify();
  }

  /** The consumer gets what is buffered, then the end. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** The consumer's next read throws `error`; what is still buffered is dropped. */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.notify();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    // Each item is delivered exactly once, so a second consumer would silently miss items.
    if (this.iterated) throw new Error('an AsyncQueue can be iterated only once');
    this.iterated = true;
    return this.drain();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async *drain(): AsyncGenerator<T> {
    try {
      for (;;) {
        if (this.failure) throw this.failure.error;
        if (this.buffer.length > 0) {
          yield this.buffer.shift() as T;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.buffer.length = 0; // a consumer that stopped early frees what is left
    }
  }
}
