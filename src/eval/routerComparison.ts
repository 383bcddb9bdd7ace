// Two evals of the same problems and seeds, such as one without and one with adaptive stopping, compared
// through their held-out routers (predicted bins): at each budget, the second's accuracy and generations
// spent minus the first's; and the mean generations each spends to reach the baseline's accuracy at one
// budget. 95% intervals come from one bootstrap over the problems and seeds both evals share, so every
// difference is paired. A router that never reaches the target within its sweep counts as needing
// infinitely many generations in that resample, which opens the interval on that side.
import { cellMean, emptyCell, gridBootstrap, percentileInterval, type Cell } from './bootstrap';
import { budgetToReach } from './efficiency';
import { correctAt } from './outcomes';
import type { SeedAnalysis } from './summary';

/** A figure with its 95% interval. */
export interface PairedFigure {
  /** The measured value (for a reach, Infinity: the router never reaches the target within the budgets swept). */
  value: number;
  /** 95% percentile interval over the resamples (an infinite end: open on that side). */
  interval: [number, number];
}

export interface RouterComparison {
  /** Per budget, the second router minus the first: accuracy (a fraction) and mean generations spent. */
  budgets: { budget: number; accuracy: PairedFigure; spent: PairedFigure }[];
  /** The generations each router spends to reach the baseline's accuracy at `at`. */
  reach: {
    /** The baseline's accuracy at the budget (from the first eval). */
    target: PairedFigure;
    first: PairedFigure;
    second: PairedFigure;
    /** First minus second: the generations the second router saves. */
    saved: PairedFigure;
    /** Resamples in which neither router reached the target (left out of `saved`'s interval). */
    neitherReached: number;
  };
  problems: number;
  seeds: number;
  resamples: number;
}

export interface ComparisonOptions {
  /** The strategy whose accuracy at `at` is the target. */
  baseline: string;
  at: number;
  resamples: number;
  seed: string;
}

/** Both evals analysed per seed (summary.ts `analyseSeed`), with the same seeds, problems and budgets. */
export function compareRouters(
  first: readonly SeedAnalysis[],
  second: readonly SeedAnalysis[],
  options: ComparisonOptions,
): RouterComparison {
  const pairs = first.map((a) => {
    const b = second.find((s) => s.seed === a.seed);
    if (!b) throw new Error(`the second eval has no seed ${a.seed}: compare evals run with the same --seeds`);
    return [a, b] as const;
  });
  const budgets = [...first[0].heldOut.predicted.keys()].sort((x, y) => x - y);
  const missing = budgets.filter((b) => !second[0].heldOut.predicted.has(b));
  if (missing.length)
    throw new Error(`the second eval did not sweep the budgets ${missing.join(', ')}: compare evals with the same --budgets`);
  const ids = first[0].problems.map((p) => p.uniqueId).filter((id) => pairs.every(([a, b]) => a.index.has(id) && b.index.has(id)));
  if (ids.length === 0) throw new Error('the two evals share no problem');
  const grid = { problems: ids.length, seeds: pairs.length };
  const cells: Cell[] = [];
  const add = (value: (analysis: SeedAnalysis, at: number) => number | undefined, side: 0 | 1): number => {
    const cell = emptyCell(grid);
    ids.forEach((id, i) =>
      pairs.forEach((pair, s) => {
        const analysis = pair[side];
        const v = value(analysis, analysis.index.get(id)!);
        if (v === undefined) return;
        cell.values[i * grid.seeds + s] = v;
        cell.counts[i * grid.seeds + s] = 1;
      }),
    );
    return cells.push(cell) - 1;
  };
  const target = add((a, at) => correctAt(a.problems[at], options.baseline, options.at), 0);
  const router = ([0, 1] as const).map((side) =>
    budgets.map((budget) => ({
      budget,
      accuracy: add((a, at) => a.heldOut.predicted.get(budget)!.router[at], side),
      spent: add((a, at) => a.heldOut.predicted.get(budget)!.routerSpent[at], side),
    })),
  );
  const resampled = gridBootstrap(cells, grid, { resamples: options.resamples, seed: options.seed });
  const figures = (value: (cell: number) => number) => {
    const curves = router.map((curve) => curve.map((p) => ({ budget: p.budget, accuracy: value(p.accuracy), spent: value(p.spent) })));
    const goal = value(target);
    const [first, second] = curves.map((curve) => {
      const r = budgetToReach(curve, goal);
      return r.bound === 'beyond' ? Number.POSITIVE_INFINITY : r.budget;
    });
    const differences = budgets.map((_, i) => ({
      accuracy: curves[1][i].accuracy - curves[0][i].accuracy,
      spent: curves[1][i].spent - curves[0][i].spent,
    }));
    return { goal, first, second, saved: first - second, differences };
  };
  const measured = figures((c) => cellMean(cells[c]));
  const draws = Array.from({ length: options.resamples }, (_, r) => figures((c) => resampled[c][r]));
  const figure = (pick: (f: ReturnType<typeof figures>) => number): PairedFigure => ({
    value: pick(measured),
    interval: percentileInterval(draws.map(pick)),
  });
  return {
    budgets: budgets.map((budget, i) => ({
      budget,
      accuracy: figure((f) => f.differences[i].accuracy),
      spent: figure((f) => f.differences[i].spent),
    })),
    reach: {
      target: figure((f) => f.goal),
      first: figure((f) => f.first),
      second: figure((f) => f.second),
      saved: figure((f) => f.saved),
      neitherReached: draws.filter((f) => Number.isNaN(f.saved)).length,
    },
    problems: ids.length,
    seeds: pairs.length,
    resamples: options.resamples,
  };
}
