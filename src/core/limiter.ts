// A counting semaphore: at most `capacity` generations in flight across one run's calls.
export class Limiter {
  private used = 0;
  private readonly queue: { permits: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`concurrency must be at least 1, got ${capacity}`);
  }

  /** Waits for `permits` slots (capped at the capacity); returns a release function, called once. */
  async acquire(permits: number, signal?: AbortSignal): Promise<() => void> {
    const want = Math.min(Math.max(1, permits), this.capacity);
    if (this.queue.length === 0 && this.used + want <= this.capacity) {
      this.used += want;
      return this.releaser(want);
    }
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      // The abort listener lives only while the caller waits: removed on grant, so a long run's signal
      // does not collect one listener per request.
      const onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(signal?.reason);
          this.drain();
        }
      };
      const entry = {
        permits: want,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.queue.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser(want);
  }

  private releaser(permits: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= permits;
      this.drain();
    };
  }

  private drain(): void {
    while (this.queue.length && this.used + this.queue[0].permits <= this.capacity) {
      const next = this.queue.shift()!;
      this.used += next.permits;
      next.grant();
    }
  }
}
