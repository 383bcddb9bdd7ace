// Seeded pseudo-randomness for reproducible subset draws, folds, bootstrap and tie-breaking.
import { createHash } from 'node:crypto';

export type Rng = () => number;

/** A 32-bit hash of a string (the first 4 bytes of its SHA-256), for seeds and stable tie-breaking. */
export function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** mulberry32: small, fast and good enough for resampling; seeded from any string. */
export function createRng(seed: string | number): Rng {
  let state = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** k distinct indices out of [0, n), drawn without replacement (partial Fisher-Yates). */
export function sampleIndices(rng: Rng, n: number, k: number): number[] {
  if (k > n) throw new Error(`cannot draw ${k} of ${n} without replacement`);
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(rng, n - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

/** A shuffled copy. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const order = sampleIndices(rng, items.length, items.length);
  return order.map((i) => items[i]);
}
