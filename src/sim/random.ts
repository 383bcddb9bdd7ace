// Deterministic hashing and pseudo-random numbers: every random choice the simulator makes is
// derived from a string key, so the same key always gives the same draw on any machine.
import { hash32, mulberry32 } from '../shared/seededRandom';

export { hash32 };

/** A uniform number in [0, 1) from a hash of the parts. */
export function unitHash(...parts: Array<string | number>): number {
  return hash32(...parts) / 4294967296;
}

/** A small seeded generator (mulberry32). */
export class Rng {
  readonly next: () => number;

  constructor(seed: number) {
    /** Uniform in [0, 1). */
    this.next = mulberry32(seed);
  }

  static fromKey(...parts: Array<string | number>): Rng {
    return new Rng(hash32(...parts));
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** 0 .. count-1 in a random order (Fisher-Yates). */
export function shuffledIndices(count: number, rng: Rng): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Standard normal from a hash of the parts (for noise that must not depend on call order). */
export function normalHash(...parts: Array<string | number>): number {
  return Rng.fromKey(...parts).normal();
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
