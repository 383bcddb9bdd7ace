// Difficulty bins, as in the paper: oracle bins from pass@1 quantiles (evaluation only) and predicted
// bins from a run-time signal (the probe's mean last-step verifier score, or its answer agreement).
import type { DifficultyBin } from '../shared/strategies';
import { hash32 } from './random';
import type { PreparedPool } from './subsets';

export const BINS: readonly DifficultyBin[] = [1, 2, 3, 4, 5];

export function toBin(n: number): DifficultyBin {
  return Math.min(5, Math.max(1, Math.round(n))) as DifficultyBin;
}

/**
 * Oracle bins: problems ranked by pass@1 (highest first) and cut into five equal quantile groups, bin 1
 * the easiest. Ties (many problems share pass@1 = 0 or 1) are broken by a seeded hash of the id, so the
 * bins keep equal sizes and stay reproducible.
 */
export function oracleBins(passAt1: ReadonlyMap<string, number>, seed: string): Map<string, DifficultyBin> {
  const ids = [...passAt1.keys()];
  const tie = new Map(ids.map((id) => [id, hash32(`${seed}/tie/${id}`)]));
  ids.sort((a, b) => passAt1.get(b)! - passAt1.get(a)! || tie.get(a)! - tie.get(b)!);
  return new Map(ids.map((id, rank) => [id, toBin(1 + Math.floor((rank * 5) / ids.length))]));
}

/**
 * The probe the engine draws at budget B: min(probe size, floor(B / 2)) samples (src/core/solve.ts), so
 * half the budget at most; with none (B = 1) the bin is fixed at FIXED_BIN.
 */
export function probeSizeAt(budget: number, probeSize: number): number {
  return Math.min(probeSize, Math.floor(budget / 2));
}

export const FIXED_BIN: DifficultyBin = 3;

/** The run-time difficulty signal from the first `probeSize` samples of the pool (higher = easier). */
export function probeSignal(pool: PreparedPool, probeSize: number, kind: 'verifier' | 'agreement'): number {
  const probe = Math.min(probeSize, pool.groupOf.length);
  if (probe === 0) return 0;
  if (kind === 'verifier') {
    let sum = 0;
    for (let i = 0; i < probe; i++) sum += pool.lastScores[i] ?? 0;
    return sum / probe;
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < probe; i++) if (pool.groupOf[i] >= 0) counts.set(pool.groupOf[i], (counts.get(pool.groupOf[i]) ?? 0) + 1);
  return counts.size ? Math.max(...counts.values()) / probe : 0;
}

/** Four ascending cut points on the signal at its 20/40/60/80% quantiles. */
export function quantileThresholds(signals: readonly number[]): [number, number, number, number] {
  if (signals.length === 0) return [0.2, 0.4, 0.6, 0.8];
  const sorted = [...signals].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  return [at(0.2), at(0.4), at(0.6), at(0.8)];
}

/** Signal to bin with ascending cut points: at or above the last cut is bin 1 (easy), under the first is bin 5. */
export function binOfSignal(signal: number, cuts: readonly number[]): DifficultyBin {
  return toBin(5 - cuts.filter((c) => signal >= c).length);
}

/** Confusion counts: rows oracle bin 1..5, columns predicted bin 1..5. */
export function confusion(pairs: Iterable<{ oracle: DifficultyBin; predicted: DifficultyBin }>): number[][] {
  const m = BINS.map(() => BINS.map(() => 0));
  for (const { oracle, predicted } of pairs) m[oracle - 1][predicted - 1]++;
  return m;
}
