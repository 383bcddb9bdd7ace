// Time-boxing for one grading call: compute-engine is synchronous, so every CAS step checks a shared
// deadline and runs under the engine's own time limit for what is left of it.

export class GradingTimeout extends Error {
  constructor() {
    super('grading time limit reached');
  }
}

/** Milliseconds one `gradeAnswer` call may spend in the CAS before it gives up with a time-out. */
export const GRADE_TIME_LIMIT_MS = 120;

export class Deadline {
  private at: number;

  constructor(ms: number = GRADE_TIME_LIMIT_MS) {
    this.at = performance.now() + ms;
  }

  remaining(): number {
    return this.at - performance.now();
  }

  /** Runs one-off work that is not this call's fault (loading the engine) without charging it. */
  excluding<T>(fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.at += performance.now() - start;
    }
  }

  /** Throws GradingTimeout when the time is up. */
  check(): void {
    if (this.remaining() <= 0) throw new GradingTimeout();
  }
}
