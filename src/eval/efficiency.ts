// The efficiency ratio: the generations weighted best-of-N needs to reach an accuracy, divided by the
// generations the compute-optimal policy spends on it (the paper's "4x"), interpolated linearly in log2.
// Generations are those actually spent where a point says (adaptive stopping spends under its ceiling).
import { percentileInterval } from './bootstrap';

export interface CurvePoint {
  budget: number;
  accuracy: number;
  /** Mean generations actually spent at this budget, now a ceiling (adaptive stopping); the budget when absent. */
  spent?: number;
}

/** What a point costs: the generations it spent, else its budget. */
const costOf = (p: CurvePoint): number => p.spent ?? p.budget;

/** `exact`: interpolated between swept budgets; `at-most`: already reached at the smallest budget; `beyond`: never reached (a lower bound). */
export type Bound = 'exact' | 'at-most' | 'beyond';

export interface Reach {
  budget: number;
  bound: Bound;
}

/** The fewest generations (spent, else budget) at which the curve first reaches `target`, interpolated in log2. */
export function budgetToReach(curve: readonly CurvePoint[], target: number): Reach {
  const points = curve
    .filter((p) => Number.isFinite(p.accuracy))
    .map((p) => ({ cost: costOf(p), accuracy: p.accuracy }))
    .sort((a, b) => a.cost - b.cost);
  if (points.length === 0) return { budget: Number.NaN, bound: 'beyond' };
  if (points[0].accuracy >= target) return { budget: points[0].cost, bound: 'at-most' };
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = points[i];
    const hi = points[i + 1];
    if (lo.accuracy < target && hi.accuracy >= target) {
      const fraction = (target - lo.accuracy) / (hi.accuracy - lo.accuracy);
      const log2 = Math.log2(lo.cost) + fraction * (Math.log2(hi.cost) - Math.log2(lo.cost));
      return { budget: 2 ** log2, bound: 'exact' };
    }
  }
  return { budget: points[points.length - 1].cost, bound: 'beyond' };
}

export interface EfficiencyPoint {
  budget: number;
  accuracy: number;
  /** What the baseline needs for the same accuracy (see `bound`). */
  baselineBudget: number;
  ratio: number;
  /** `exact`; `lower-bound` (baseline never got there: ratio is at least this); `upper-bound` (baseline's smallest budget already did). */
  bound: 'exact' | 'lower-bound' | 'upper-bound';
}

function boundOf(reach: Reach): EfficiencyPoint['bound'] {
  return reach.bound === 'exact' ? 'exact' : reach.bound === 'beyond' ? 'lower-bound' : 'upper-bound';
}

/** Per budget B of the optimal curve: baseline generations for the same accuracy / generations spent at B. */
export function efficiencyCurve(optimal: readonly CurvePoint[], baseline: readonly CurvePoint[]): EfficiencyPoint[] {
  return optimal
    .filter((p) => Number.isFinite(p.accuracy))
    .map((p) => {
      const reach = budgetToReach(baseline, p.accuracy);
      return {
        budget: p.budget,
        accuracy: p.accuracy,
        baselineBudget: reach.budget,
        ratio: reach.budget / costOf(p),
        bound: boundOf(reach),
      };
    });
}

export interface HeadlineRatio {
  /** The baseline budget the headline is taken at (64 when swept). */
  baselineBudget: number;
  /** The generations the baseline spent there: the budget, or less under adaptive stopping. */
  baselineSpent: number;
  baselineAccuracy: number;
  /** Generations the optimal policy spends (on average) for the same accuracy. */
  optimalBudget: number;
  ratio: number;
  bound: 'exact' | 'lower-bound' | 'upper-bound';
}

/**
 * The headline: the accuracy the baseline reaches at `at` generations (64 in the issue), the budget the
 * optimal curve needs for it, and their ratio. The optimal curve reaching it at its smallest budget
 * makes the ratio a lower bound; never reaching it makes it an upper bound.
 */
export function headlineRatio(optimal: readonly CurvePoint[], baseline: readonly CurvePoint[], at: number): HeadlineRatio | null {
  const base = baseline.find((p) => p.budget === at);
  if (!base || !Number.isFinite(base.accuracy)) return null;
  const reach = budgetToReach(optimal, base.accuracy);
  if (!Number.isFinite(reach.budget)) return null;
  const bound = reach.bound === 'exact' ? 'exact' : reach.bound === 'at-most' ? 'lower-bound' : 'upper-bound';
  const baselineSpent = costOf(base);
  return {
    baselineBudget: at,
    baselineSpent,
    baselineAccuracy: base.accuracy,
    optimalBudget: reach.budget,
    ratio: baselineSpent / reach.budget,
    bound,
  };
}

/**
 * A ratio's 95% interval from its value in each bootstrap resample. A resample without a crossing gives
 * only a bound: `lower-bound` (at least this) counts as +infinity and `upper-bound` (at most this) as 0, so
 * when more than 2.5% of resamples have no crossing on a side the interval is open on that side: `high`
 * is null (no finite upper bound) or `low` is 0 (no lower bound above 0).
 */
export interface RatioInterval {
  interval: [number, number | null];
  /** Resamples where the curves did not cross, by side (`lower-bound`: ratio at least; `upper-bound`: at most). */
  withoutCrossing: { lowerBound: number; upperBound: number };
}

export function ratioInterval(resampled: readonly ({ ratio: number; bound: EfficiencyPoint['bound'] } | null)[]): RatioInterval | null {
  const ordered: number[] = [];
  const withoutCrossing = { lowerBound: 0, upperBound: 0 };
  for (const r of resampled) {
    if (!r || !Number.isFinite(r.ratio)) continue;
    if (r.bound === 'lower-bound') withoutCrossing.lowerBound++;
    if (r.bound === 'upper-bound') withoutCrossing.upperBound++;
    ordered.push(r.bound === 'lower-bound' ? Number.POSITIVE_INFINITY : r.bound === 'upper-bound' ? 0 : r.ratio);
  }
  if (ordered.length === 0) return null;
  const [low, high] = percentileInterval(ordered);
  return { interval: [low, Number.isFinite(high) ? high : null], withoutCrossing };
}
