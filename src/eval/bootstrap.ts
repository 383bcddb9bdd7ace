// 95% intervals by bootstrap. `pairedBootstrap`: over problems, for the mean difference of two per-problem
// outcomes. `gridBootstrap`: over problems and, when there are several, over seeds within each problem,
// with the same resamples for every cell, so that any two cells' figures stay paired.
import { createRng, randomInt } from './random';

export interface Interval {
  mean: number;
  low: number;
  high: number;
}

/** The 2.5% and 97.5% points of sorted resampled values (the same rule for every interval). */
function percentiles(sorted: ArrayLike<number>): { low: number; high: number } {
  const n = sorted.length;
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
  return { low: at(0.025), high: at(0.975) };
}

export function pairedBootstrap(a: readonly number[], b: readonly number[], options: { resamples?: number; seed: string }): Interval {
  if (a.length !== b.length) throw new Error('paired bootstrap needs outcomes for the same problems');
  const n = a.length;
  const diffs = a.map((v, i) => v - b[i]);
  const mean = n ? diffs.reduce((s, d) => s + d, 0) / n : 0;
  if (n === 0) return { mean, low: 0, high: 0 };
  const rng = createRng(`${options.seed}/bootstrap`);
  const resamples = options.resamples ?? 2000;
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[randomInt(rng, n)];
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return { mean, ...percentiles(means) };
}

/** Problems x seeds: entry `problem * seeds + seed`. */
export interface Grid {
  problems: number;
  seeds: number;
}

/**
 * One figure's data on the grid: its outcome per (problem, seed) and whether that pair counts (a bin
 * holds only some problems, and per seed other ones). Its value is the mean outcome over the pairs that count.
 */
export interface Cell {
  values: Float64Array;
  counts: Float64Array;
}

export function emptyCell(grid: Grid): Cell {
  return { values: new Float64Array(grid.problems * grid.seeds), counts: new Float64Array(grid.problems * grid.seeds) };
}

/** The cell's mean under per-pair weights (NaN when no pair counts). */
function weightedMean(cell: Cell, weights: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k] * cell.counts[k];
    sum += w * cell.values[k];
    total += w;
  }
  return total > 0 ? sum / total : Number.NaN;
}

export function cellMean(cell: Cell): number {
  return weightedMean(cell, new Float64Array(cell.counts.length).fill(1));
}

/**
 * Per resample, how often each (problem, seed) pair is drawn: problems with replacement, then for each
 * drawn problem its seeds with replacement (with one seed, just problems).
 */
function resampleWeights(grid: Grid, rng: () => number, weights: Float64Array): void {
  weights.fill(0);
  for (let i = 0; i < grid.problems; i++) {
    const problem = randomInt(rng, grid.problems);
    for (let s = 0; s < grid.seeds; s++) weights[problem * grid.seeds + (grid.seeds === 1 ? 0 : randomInt(rng, grid.seeds))] += 1;
  }
}

/** Every cell's mean in each resample: `result[cell][resample]`. The resamples are shared by all cells. */
export function gridBootstrap(cells: readonly Cell[], grid: Grid, options: { resamples: number; seed: string }): Float64Array[] {
  const rng = createRng(`${options.seed}/bootstrap`);
  const out = cells.map(() => new Float64Array(options.resamples));
  const weights = new Float64Array(grid.problems * grid.seeds);
  for (let r = 0; r < options.resamples; r++) {
    resampleWeights(grid, rng, weights);
    for (let c = 0; c < cells.length; c++) out[c][r] = weightedMean(cells[c], weights);
  }
  return out;
}

/** The 95% percentile interval of resampled values; resamples where the figure is undefined (NaN) are left out. */
export function percentileInterval(resampled: ArrayLike<number>): [number, number] {
  const finite = Float64Array.from(resampled)
    .filter((x) => !Number.isNaN(x))
    .sort();
  if (finite.length === 0) return [Number.NaN, Number.NaN];
  const { low, high } = percentiles(finite);
  return [low, high];
}
