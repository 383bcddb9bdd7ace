// Sample-based strategies evaluated from a shared pool: the answer a strategy would give from N of the
// pool's samples, averaged over several subsets drawn without replacement (as the paper does).
import type { PonderSettings } from '../shared/settings';
import { createRng, sampleIndices } from './random';

export const SAMPLE_STRATEGIES = ['majority', 'best-of-n', 'weighted-best-of-n'] as const;
export type SampleStrategy = (typeof SAMPLE_STRATEGIES)[number];

export function isSampleStrategy(name: string): name is SampleStrategy {
  return (SAMPLE_STRATEGIES as readonly string[]).includes(name);
}

/** The settings that make the voting strategies stop on their own (adaptive compute). */
export type AdaptiveStopping = Pick<PonderSettings['budget'], 'stopWhenSettled' | 'stopWhenGainBelow'>;

/** Whether either adaptive rule is on. */
export function stopsEarly(adaptive: AdaptiveStopping): boolean {
  return adaptive.stopWhenSettled > 0 || adaptive.stopWhenGainBelow > 0;
}

/** Whether the eval measures a strategy from the shared pool: a bare sample strategy, unless adaptive stopping is on (its runs then stop on their own, through the engine). */
export function isPoolStrategy(name: string, adaptive: AdaptiveStopping): name is SampleStrategy {
  return isSampleStrategy(name) && !stopsEarly(adaptive);
}

/**
 * A pool prepared once for every budget: equivalent answers grouped (by the grader), each group graded
 * against the gold answer once, so that a subset's vote is only counting.
 */
export interface PreparedPool {
  /** Per sample: index into `groups`, or -1 when the sample gave no answer. */
  groupOf: number[];
  /** Per sample: the verifier's last-step score, or null without a verifier. */
  lastScores: (number | null)[];
  groups: { answer: string; correct: boolean }[];
}

export interface SubsetOutcome {
  /** Mean correctness over the draws; ties between answers count as the share of tied answers that are right. */
  correct: number;
  /** The first draw's answer (null when it had none). */
  answer: string | null;
  draws: number;
}

/** Outcome of one subset: expected correctness under a uniform tie-break, and a representative answer. */
interface SubsetPick {
  correct: number;
  answer: string | null;
}

function pickByGroupWeight(pool: PreparedPool, subset: number[], weightOf: (sample: number) => number): SubsetPick {
  const weights = new Map<number, number>();
  for (const i of subset) {
    const g = pool.groupOf[i];
    if (g < 0) continue;
    weights.set(g, (weights.get(g) ?? 0) + weightOf(i));
  }
  if (weights.size === 0) return { correct: 0, answer: null };
  const best = Math.max(...weights.values());
  const tied = [...weights.entries()].filter(([, w]) => w === best).map(([g]) => g);
  const right = tied.filter((g) => pool.groups[g].correct).length;
  return { correct: right / tied.length, answer: pool.groups[tied[0]].answer };
}

function pickBestSample(pool: PreparedPool, subset: number[]): SubsetPick {
  const answered = subset.filter((i) => pool.groupOf[i] >= 0);
  if (answered.length === 0) return { correct: 0, answer: null };
  const score = (i: number) => pool.lastScores[i] ?? 0;
  const best = Math.max(...answered.map(score));
  const tied = answered.filter((i) => score(i) === best);
  const right = tied.filter((i) => pool.groups[pool.groupOf[i]].correct).length;
  return { correct: right / tied.length, answer: pool.groups[pool.groupOf[tied[0]]].answer };
}

function pick(strategy: SampleStrategy, pool: PreparedPool, subset: number[]): SubsetPick {
  switch (strategy) {
    case 'majority':
      return pickByGroupWeight(pool, subset, () => 1);
    case 'weighted-best-of-n':
      return pickByGroupWeight(pool, subset, (i) => pool.lastScores[i] ?? 0);
    case 'best-of-n':
      return pickBestSample(pool, subset);
    default: {
      const never: never = strategy;
      throw new Error(`unknown sample strategy ${String(never)}`);
    }
  }
}

/** Whether the pool carries verifier scores (needed by best-of-n and weighted-best-of-n). */
export function hasScores(pool: PreparedPool): boolean {
  return pool.lastScores.length > 0 && pool.lastScores.every((s) => s !== null);
}

/**
 * Evaluates each strategy at each budget N from the pool. For every N the same subsets serve every
 * strategy (a paired comparison); subsets are seeded by `seed` and N. N equal to the pool size is one
 * draw: the whole pool. Every subset holds the pool's first `probeAt(N)` samples, the engine's probe at
 * N (the rest drawn at random), as a routed run's N samples include its probe; samples are independent,
 * so this leaves each strategy's expected accuracy unchanged.
 */
export function evaluateSubsets(
  pool: PreparedPool,
  strategies: readonly SampleStrategy[],
  budgets: readonly number[],
  options: { draws: number; seed: string; probeAt: (budget: number) => number },
): Map<SampleStrategy, Map<number, SubsetOutcome>> {
  const size = pool.groupOf.length;
  const out = new Map<SampleStrategy, Map<number, SubsetOutcome>>(strategies.map((s) => [s, new Map()]));
  for (const n of budgets) {
    if (n > size) throw new Error(`budget ${n} exceeds the pool of ${size} samples`);
    const draws = n === size ? 1 : options.draws;
    const rng = createRng(`${options.seed}/subsets/${n}`);
    const probe = Math.min(options.probeAt(n), n);
    const head = Array.from({ length: probe }, (_, i) => i);
    const subsets = Array.from({ length: draws }, () => [...head, ...sampleIndices(rng, size - probe, n - probe).map((i) => i + probe)]);
    for (const strategy of strategies) {
      const picks = subsets.map((subset) => pick(strategy, pool, subset));
      const correct = picks.reduce((sum, p) => sum + p.correct, 0) / draws;
      out.get(strategy)!.set(n, { correct, answer: picks[0].answer, draws });
    }
  }
  return out;
}

/** pass@1 of the pool: the share of samples whose answer is right (the oracle difficulty signal). */
export function passAt1(pool: PreparedPool): number {
  if (pool.groupOf.length === 0) return 0;
  return pool.groupOf.filter((g) => g >= 0 && pool.groups[g].correct).length / pool.groupOf.length;
}
