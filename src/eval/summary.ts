// summary.json: every figure of an eval, computed from its results lines and pooled over its seeds, each
// accuracy with a 95% bootstrap interval (problems, then seeds within each problem, resampled alike for
// every figure so that differences stay paired). The shape is `Summary` below.
import type { DifficultyBin } from '../shared/strategies';
import type { Usage } from '../shared/events';
import { BINS, confusion } from './bins';
import { cellMean, emptyCell, gridBootstrap, percentileInterval, type Cell, type Grid } from './bootstrap';
import {
  efficiencyCurve,
  headlineRatio,
  ratioInterval,
  type CurvePoint,
  type EfficiencyPoint,
  type HeadlineRatio,
  type RatioInterval,
} from './efficiency';
import { heldOutOutcomes } from './fixedBaseline';
import { bestFixedTable, crossValidate, learnTable, type Binning, type SelectionOptions } from './optimal';
import { correctAt, outcomesFromResults, spentAt, type ProblemOutcomes } from './outcomes';
import type { ResultLine } from './results';
import type { ExchangeTable } from './exchange';
import { spentTable, type SpentTable } from './spent';

/** A 95% interval: `[low, high]`. */
export type Interval95 = [number, number];

/** Accuracy by strategy then budget: `accuracy[strategy][budget]`. */
export type AccuracyTable = Record<string, Record<string, number>>;
/** The interval of each accuracy, keyed alike: `accuracyInterval[strategy][budget]`. */
export type IntervalTable = Record<string, Record<string, Interval95>>;

export interface AccuracyPoint extends CurvePoint {
  interval: Interval95;
}

export interface ComputeOptimal {
  /** Held-out accuracy per budget (k-fold cross-validation over problems, per seed). */
  curve: AccuracyPoint[];
  /** Per budget: held-out router minus the cross-validated fixed strategy (`fixedBaseline`), paired. */
  versusFixed: { budget: number; difference: number; interval: Interval95 }[];
  /** The table learned on all problems (all seeds): `choice[bin][budget]` = strategy. */
  choice: Record<string, Record<string, string>>;
  /** Predicted bins' cut points on the signal (ascending; bin 1 at or above the last). */
  cuts: number[];
  /** Per budget: mean generations the held-out router spent (under the budget where it chose adaptive stopping); added with adaptive compute. */
  spent?: { budget: number; mean: number; interval: Interval95 }[];
}

export interface FixedBaselinePoint extends AccuracyPoint {
  /** The strategy best on all problems at this budget (each fold chooses on its own training problems). */
  strategy: string;
}

/** One seed's figures (values only) in a pooled summary; its own outputs, with intervals, are in `dir`. */
export interface SeedFigures {
  seed: string;
  dir: string;
  accuracy: AccuracyTable;
  computeOptimal: Record<Binning, CurvePoint[]>;
  crossValidatedFixed: CurvePoint[];
  headline: Record<Binning, HeadlineRatio | null>;
}

export interface Summary {
  /** 2: intervals, seeds, the cross-validated fixed baseline. */
  version: 2;
  task: 'solve';
  dataset: { path: string; problems: number };
  models: { policy: string; verifier: string | null; simulated: boolean; policyParameters: number | null };
  /** The seed (several: comma-separated, as in `seeds`). */
  seed: string;
  seeds: string[];
  budgets: number[];
  strategies: string[];
  /** Subset draws averaged per budget for pool strategies. */
  draws: number;
  probeSize: number;
  /** `with-probe`: every strategy at B was measured as the router runs it (see efficiency.probeAccounting). */
  routes: 'with-probe';
  folds: number;
  signal: 'verifier' | 'agreement';
  intervals: { level: 0.95; resamples: number; method: string };
  /** Mean over problems (and seeds). */
  accuracy: AccuracyTable;
  accuracyInterval: IntervalTable;
  /** `accuracyByBin.oracle[bin][strategy][budget]`, the same for `predicted`. */
  accuracyByBin: Record<Binning, Record<string, AccuracyTable>>;
  accuracyByBinInterval: Record<Binning, Record<string, IntervalTable>>;
  /** Problems per bin (problem x seed pairs when pooled: a problem's bin can differ by seed). */
  binCounts: Record<Binning, Record<string, number>>;
  /** Rows: oracle bin 1..5; columns: predicted bin 1..5 (full probe); problem x seed pairs when pooled. */
  confusion: number[][];
  /** Per binning: the held-out compute-optimal curve, its difference to the fixed baseline, and the table learned on all problems. */
  computeOptimal: Record<Binning, ComputeOptimal>;
  /** The router's null baseline: per budget, the single strategy best on the training folds, held out. */
  fixedBaseline: { curve: FixedBaselinePoint[] };
  efficiency: {
    baseline: string;
    /** Per budget: what the baseline needs for the compute-optimal accuracy, the ratio and its interval. */
    curve: Record<Binning, (EfficiencyPoint & RatioInterval)[]>;
    /** Where the baseline spends 64 generations (or the largest swept budget below), with the ratio's interval. */
    headline: Record<Binning, (HeadlineRatio & RatioInterval) | null>;
    /** How the probe is counted. */
    probeAccounting: string;
  };
  /** Several seeds: each seed's own figures. */
  perSeed?: SeedFigures[];
  /** The compute-exchange table, when `--exchange DIR` named an eval of a larger model. */
  exchange?: ExchangeTable;
  /** Generations spent per problem under each budget, now a ceiling (adaptive stopping; added with adaptive compute). */
  spent?: SpentTable;
  usage: Usage;
  /** Generations this invocation spent (0 when everything came from the cache). */
  generationsSpent: number;
  elapsedMs: number;
  createdAt: string;
}

export interface SummaryContext {
  datasetPath: string;
  models: Summary['models'];
  budgets: number[];
  strategies: string[];
  draws: number;
  probeSize: number;
  folds: number;
  signal: Summary['signal'];
  usage: Usage;
  generationsSpent: number;
  elapsedMs: number;
  baseline: string;
  /** Bootstrap resamples (default BOOTSTRAP_RESAMPLES). */
  resamples?: number;
}

/** One seed's results lines. */
export interface SeedRun {
  seed: string;
  lines: readonly ResultLine[];
}

export const BOOTSTRAP_RESAMPLES = 2000;

const BINNINGS: readonly Binning[] = ['oracle', 'predicted'];

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);
const roundInterval = ([low, high]: Interval95): Interval95 => [round(low), round(high)];

/** One seed, analysed: outcomes by problem, bins, and the cross-validated router and fixed baseline per budget. */
export interface SeedAnalysis {
  seed: string;
  problems: ProblemOutcomes[];
  index: Map<string, number>;
  predictedAtMax: Map<string, DifficultyBin>;
  heldOut: Record<Binning, Map<number, { router: number[]; crossValidatedFixed: number[]; routerSpent: number[] }>>;
}

/** What the held-out router is learned from: the eval's budgets, strategies, probe and folds. */
export type RouterContext = Pick<SummaryContext, 'budgets' | 'strategies' | 'probeSize' | 'folds'>;

export function analyseSeed(run: SeedRun, context: RouterContext): SeedAnalysis {
  const problems = outcomesFromResults(run.lines);
  const maxBudget = Math.max(...context.budgets);
  const heldOut = {} as SeedAnalysis['heldOut'];
  for (const binning of BINNINGS) {
    const cv = crossValidate(problems, context.folds, run.seed, selection(context, binning));
    heldOut[binning] = new Map(context.budgets.map((b) => [b, heldOutOutcomes(problems, cv, b)]));
  }
  return {
    seed: run.seed,
    problems,
    index: new Map(problems.map((p, i) => [p.uniqueId, i])),
    predictedAtMax: new Map(run.lines.filter((l) => l.budget === maxBudget).map((l) => [l.unique_id, l.predictedBin])),
    heldOut,
  };
}

function selection(context: RouterContext, binning: Binning): SelectionOptions {
  return { budgets: context.budgets, strategies: context.strategies, probeSize: context.probeSize, binning };
}

/** Every figure as a cell on the problems x seeds grid, bootstrapped together. */
class Figures {
  private readonly cells: Cell[] = [];
  private resampled: Float64Array[] = [];
  readonly grid: Grid;

  constructor(
    private readonly ids: readonly string[],
    private readonly seeds: readonly SeedAnalysis[],
  ) {
    this.grid = { problems: ids.length, seeds: seeds.length };
  }

  /** A figure: the mean of `outcome` over the (problem, seed) pairs where it is defined. Returns its handle. */
  add(outcome: (p: ProblemOutcomes, seed: SeedAnalysis, at: number) => number | undefined): number {
    const cell = emptyCell(this.grid);
    this.ids.forEach((id, i) =>
      this.seeds.forEach((seed, s) => {
        const at = seed.index.get(id);
        const v = at === undefined ? undefined : outcome(seed.problems[at], seed, at);
        if (v === undefined || !Number.isFinite(v)) return;
        cell.values[i * this.grid.seeds + s] = v;
        cell.counts[i * this.grid.seeds + s] = 1;
      }),
    );
    this.cells.push(cell);
    return this.cells.length - 1;
  }

  bootstrap(resamples: number, seed: string): void {
    this.resampled = gridBootstrap(this.cells, this.grid, { resamples, seed });
  }

  value(handle: number): number {
    return cellMean(this.cells[handle]);
  }

  interval(handle: number): Interval95 {
    return percentileInterval(this.resampled[handle]);
  }

  /** The figure in resample r. */
  at(handle: number, r: number): number {
    return this.resampled[handle][r];
  }
}

type Handles = Record<string, Record<string, number>>;

function tableOf(figures: Figures, handles: Handles): { values: AccuracyTable; intervals: IntervalTable } {
  const values: AccuracyTable = {};
  const intervals: IntervalTable = {};
  for (const [strategy, row] of Object.entries(handles)) {
    values[strategy] = {};
    intervals[strategy] = {};
    for (const [budget, handle] of Object.entries(row)) {
      const v = figures.value(handle);
      if (!Number.isFinite(v)) continue;
      values[strategy][budget] = round(v);
      intervals[strategy][budget] = roundInterval(figures.interval(handle));
    }
  }
  return { values, intervals };
}

function choiceRecord(choice: Map<DifficultyBin, Map<number, string>>): Record<string, Record<string, string>> {
  return Object.fromEntries([...choice].map(([bin, row]) => [String(bin), Object.fromEntries([...row].map(([b, s]) => [String(b), s]))]));
}

/** The baseline budget for the headline: 64 when swept, else the largest swept budget under it. */
export function headlineBudget(budgets: readonly number[]): number {
  const under = budgets.filter((b) => b <= 64);
  return under.length ? Math.max(...under) : Math.min(...budgets);
}

/** The summary of one seed's lines, or of several seeds' lines pooled. */
export function summarize(runs: readonly SeedRun[], context: SummaryContext): Summary {
  if (runs.length === 0) throw new Error('summarize needs the results of at least one seed');
  const { budgets, strategies } = context;
  const seeds = runs.map((r) => analyseSeed(r, context));
  const ids = [...new Set(seeds.flatMap((s) => s.problems.map((p) => p.uniqueId)))];
  const figures = new Figures(ids, seeds);
  const accuracyHandles = (inCell: (p: ProblemOutcomes, seed: SeedAnalysis) => boolean): Handles =>
    Object.fromEntries(
      strategies.map((s) => [
        s,
        Object.fromEntries(budgets.map((b) => [String(b), figures.add((p, seed) => (inCell(p, seed) ? correctAt(p, s, b) : undefined))])),
      ]),
    );
  const binOf: Record<Binning, (p: ProblemOutcomes, seed: SeedAnalysis) => DifficultyBin | undefined> = {
    oracle: (p) => p.oracleBin,
    predicted: (p, seed) => seed.predictedAtMax.get(p.uniqueId),
  };
  const overall = accuracyHandles(() => true);
  const byBin = Object.fromEntries(
    BINNINGS.map((binning) => [
      binning,
      Object.fromEntries(BINS.map((bin) => [bin, accuracyHandles((p, seed) => binOf[binning](p, seed) === bin)])),
    ]),
  ) as Record<Binning, Record<string, Handles>>;
  const router = {} as Record<Binning, number[]>;
  const routerSpent = {} as Record<Binning, number[]>;
  const versusFixed = {} as Record<Binning, number[]>;
  for (const binning of BINNINGS) {
    router[binning] = budgets.map((b) => figures.add((_, seed, at) => seed.heldOut[binning].get(b)!.router[at]));
    routerSpent[binning] = budgets.map((b) => figures.add((_, seed, at) => seed.heldOut[binning].get(b)!.routerSpent[at]));
    versusFixed[binning] = budgets.map((b) =>
      figures.add((_, seed, at) => {
        const row = seed.heldOut[binning].get(b)!;
        return row.router[at] - row.crossValidatedFixed[at];
      }),
    );
  }
  // What the baseline spent per budget: the budget, or less when it stopped early (adaptive stopping).
  const baselineSpent = budgets.map((b) => figures.add((p) => spentAt(p, context.baseline, b)));
  // The fixed baseline does not depend on the binning (the folds are the seed's in both).
  const fixed = budgets.map((b) => figures.add((_, seed, at) => seed.heldOut.predicted.get(b)!.crossValidatedFixed[at]));
  figures.bootstrap(context.resamples ?? BOOTSTRAP_RESAMPLES, runs.map((r) => r.seed).join(','));

  const allProblems = seeds.flatMap((s) => s.problems);
  const point = (handle: number) => round(figures.value(handle));
  const accuracyPoint = (budget: number, handle: number): AccuracyPoint => ({
    budget,
    accuracy: point(handle),
    interval: roundInterval(figures.interval(handle)),
  });
  const fixedChoice = bestFixedTable(allProblems, selection(context, 'predicted'));
  const computeOptimal = {} as Summary['computeOptimal'];
  for (const binning of BINNINGS) {
    const all = learnTable(allProblems, selection(context, binning));
    computeOptimal[binning] = {
      curve: budgets.map((b, i) => accuracyPoint(b, router[binning][i])),
      versusFixed: budgets.map((budget, i) => {
        const { accuracy, interval } = accuracyPoint(budget, versusFixed[binning][i]);
        return { budget, difference: accuracy, interval };
      }),
      choice: choiceRecord(all.choice),
      cuts: all.cuts.map(round),
      spent: budgets.map((budget, i) => ({
        budget,
        mean: point(routerSpent[binning][i]),
        interval: roundInterval(figures.interval(routerSpent[binning][i])),
      })),
    };
  }
  const overallTable = tableOf(figures, overall);
  const byBinTables = Object.fromEntries(
    BINNINGS.map((binning) => [binning, Object.fromEntries(BINS.map((bin) => [bin, tableOf(figures, byBin[binning][bin])]))]),
  ) as Record<Binning, Record<string, ReturnType<typeof tableOf>>>;
  const pairs = seeds.flatMap((seed) =>
    seed.problems.map((p) => ({ oracle: p.oracleBin, predicted: seed.predictedAtMax.get(p.uniqueId) ?? p.oracleBin })),
  );
  const count = (binning: Binning, bin: DifficultyBin) => pairs.filter((pair) => pair[binning] === bin).length;
  return {
    version: 2,
    task: 'solve',
    dataset: { path: context.datasetPath, problems: ids.length },
    models: context.models,
    seed: runs.map((r) => r.seed).join(','),
    seeds: runs.map((r) => r.seed),
    budgets,
    strategies,
    draws: context.draws,
    probeSize: context.probeSize,
    routes: 'with-probe',
    folds: context.folds,
    signal: context.signal,
    intervals: {
      level: 0.95,
      resamples: context.resamples ?? BOOTSTRAP_RESAMPLES,
      method:
        (runs.length > 1
          ? `percentile bootstrap: problems resampled with replacement, then within each drawn problem its ${runs.length} seeds with replacement`
          : 'percentile bootstrap: problems resampled with replacement') +
        '; every figure is computed on the same resamples, so differences (router minus fixed) are paired. Held-out router and fixed-baseline outcomes are resampled as measured (the folds are not re-run).',
    },
    accuracy: overallTable.values,
    accuracyInterval: overallTable.intervals,
    spent: spentTable(runs.flatMap((r) => r.lines)),
    accuracyByBin: Object.fromEntries(
      BINNINGS.map((b) => [b, Object.fromEntries(BINS.map((bin) => [bin, byBinTables[b][bin].values]))]),
    ) as Summary['accuracyByBin'],
    accuracyByBinInterval: Object.fromEntries(
      BINNINGS.map((b) => [b, Object.fromEntries(BINS.map((bin) => [bin, byBinTables[b][bin].intervals]))]),
    ) as Summary['accuracyByBinInterval'],
    binCounts: Object.fromEntries(
      BINNINGS.map((b) => [b, Object.fromEntries(BINS.map((bin) => [bin, count(b, bin)]))]),
    ) as Summary['binCounts'],
    confusion: confusion(pairs),
    computeOptimal,
    fixedBaseline: { curve: budgets.map((b, i) => ({ ...accuracyPoint(b, fixed[i]), strategy: fixedChoice.get(b) ?? '-' })) },
    efficiency: efficiencyFigures(figures, context, overall, { router, routerSpent, baselineSpent }),
    usage: context.usage,
    generationsSpent: context.generationsSpent,
    elapsedMs: context.elapsedMs,
    createdAt: new Date().toISOString(),
  };
}

/** The efficiency curve and headline, each ratio with its interval: the ratio recomputed in every bootstrap resample. */
function efficiencyFigures(
  figures: Figures,
  context: SummaryContext,
  overall: Handles,
  handles: { router: Record<Binning, number[]>; routerSpent: Record<Binning, number[]>; baselineSpent: number[] },
): Summary['efficiency'] {
  const { budgets, baseline } = context;
  const { router, routerSpent, baselineSpent } = handles;
  const at = headlineBudget(budgets);
  const baselineHandles = overall[baseline];
  // Compute is counted in generations spent, so a run that stopped under its ceiling costs what it drew.
  const curves = (r: number | null) => {
    const value = (handle: number) => (r === null ? figures.value(handle) : figures.at(handle, r));
    const baselineCurve = budgets.map((budget, i) => ({
      budget,
      accuracy: baselineHandles ? value(baselineHandles[String(budget)]) : Number.NaN,
      spent: value(baselineSpent[i]),
    }));
    return Object.fromEntries(
      BINNINGS.map((binning) => {
        const optimal = budgets.map((budget, i) => ({
          budget,
          accuracy: value(router[binning][i]),
          spent: value(routerSpent[binning][i]),
        }));
        return [binning, { curve: efficiencyCurve(optimal, baselineCurve), headline: headlineRatio(optimal, baselineCurve, at) }];
      }),
    ) as Record<Binning, { curve: EfficiencyPoint[]; headline: HeadlineRatio | null }>;
  };
  const measured = curves(null);
  const resamples = context.resamples ?? BOOTSTRAP_RESAMPLES;
  const resampled = Array.from({ length: resamples }, (_, r) => curves(r));
  const open: RatioInterval = { interval: [0, null], withoutCrossing: { lowerBound: 0, upperBound: 0 } };
  const rounded = (r: RatioInterval | null): RatioInterval =>
    r ? { ...r, interval: [round(r.interval[0]), r.interval[1] === null ? null : round(r.interval[1])] } : open;
  const curve = {} as Summary['efficiency']['curve'];
  const headline = {} as Summary['efficiency']['headline'];
  for (const binning of BINNINGS) {
    curve[binning] = measured[binning].curve.map((p) => ({
      ...p,
      ...rounded(ratioInterval(resampled.map((c) => c[binning].curve.find((q) => q.budget === p.budget) ?? null))),
    }));
    const h = measured[binning].headline;
    headline[binning] = h && { ...h, ...rounded(ratioInterval(resampled.map((c) => c[binning].headline))) };
  }
  return {
    baseline,
    curve,
    headline,
    probeAccounting:
      `predicted bins come from a probe of min(${context.probeSize}, floor(B/2)) samples (as the engine draws it; none at B = 1, bin fixed at 3) that counts against the budget B. ` +
      'Every strategy at B is measured as the router would run it: search strategies (beam, lookahead, revisions) run through the engine with that probe drawn first (the same samples the bin comes from, by seed), counted in B and joining their final vote; ' +
      "pool strategies' subsets of B samples always hold the probe's samples. Oracle bins are free (evaluation only).",
  };
}
