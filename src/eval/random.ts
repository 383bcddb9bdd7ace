// Seeded pseudo-randomness for reproducible subset draws, folds, bootstrap and tie-breaking.
import { hash32, mulberry32 } from '../shared/seededRandom';

export { hash32 };
export type Rng = () => number;

/** A generator seeded from a number or any string. */
export function createRng(seed: string | number): Rng {
  return mulberry32(typeof seed === 'number' ? seed : hash32(seed));
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
