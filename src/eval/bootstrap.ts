// Paired bootstrap over problems: a 95% interval for the mean difference of two per-problem outcomes.
import { createRng, randomInt } from './random';

export interface Interval {
  mean: number;
  low: number;
  high: number;
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
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { mean, low: at(0.025), high: at(0.975) };
}
