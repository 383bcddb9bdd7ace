// summary.json: every figure of an eval, computed from its results lines. The shape is `Summary` below.
import type { DifficultyBin } from '../shared/strategies';
import type { Usage } from '../shared/events';
import { BINS, confusion } from './bins';
import { efficiencyCurve, headlineRatio, type CurvePoint, type EfficiencyPoint, type HeadlineRatio } from './efficiency';
import { crossValidate, heldOutCurve, learnTable, type Binning, type SelectionOptions } from './optimal';
import { fixedAccuracy, outcomesFromResults, type ProblemOutcomes } from './outcomes';
import type { ResultLine } from './results';
import type { ExchangeTable } from './exchange';

/** Accuracy by strategy then budget: `accuracy[strategy][budget]`. */
export type AccuracyTable = Record<string, Record<string, number>>;

export interface ComputeOptimal {
  /** Held-out accuracy per budget (k-fold cross-validation over problems). */
  curve: CurvePoint[];
  /** The table learned on all problems: `choice[bin][budget]` = strategy. */
  choice: Record<string, Record<string, string>>;
  /** Predicted bins' cut points on the signal (ascending; bin 1 at or above the last). */
  cuts: number[];
}

export interface Summary {
  version: 1;
  task: 'solve';
  dataset: { path: string; problems: number };
  models: { policy: string; verifier: string | null; simulated: boolean; policyParameters: number | null };
  seed: string;
  budgets: number[];
  strategies: string[];
  /** Subset draws averaged per budget for pool strategies. */
  draws: number;
  probeSize: number;
  /** `with-probe`: every strategy at B was measured as the router runs it (see efficiency.probeAccounting). */
  routes: 'with-probe';
  folds: number;
  signal: 'verifier' | 'agreement';
  accuracy: AccuracyTable;
  /** `accuracyByBin.oracle[bin][strategy][budget]`, the same for `predicted`. */
  accuracyByBin: Record<Binning, Record<string, AccuracyTable>>;
  binCounts: Record<Binning, Record<string, number>>;
  /** Rows: oracle bin 1..5; columns: predicted bin 1..5 (full probe). */
  confusion: number[][];
  /** Per binning: the held-out compute-optimal curve and the table learned on all problems. */
  computeOptimal: Record<Binning, ComputeOptimal>;
  efficiency: {
    baseline: string;
    /** Per budget: what the baseline needs for the compute-optimal accuracy, and the ratio. */
    curve: Record<Binning, EfficiencyPoint[]>;
    /** Where the baseline spends 64 generations (or the largest swept budget below). */
    headline: Record<Binning, HeadlineRatio | null>;
    /** How the probe is counted. */
    probeAccounting: string;
  };
  /** The compute-exchange table, when `--exchange DIR` named an eval of a larger model. */
  exchange?: ExchangeTable;
  usage: Usage;
  /** Generations this invocation spent (0 when everything came from the cache). */
  generationsSpent: number;
  elapsedMs: number;
  createdAt: string;
}

export interface SummaryContext {
  datasetPath: string;
  models: Summary['models'];
  seed: string;
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
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

function accuracyTable(problems: readonly ProblemOutcomes[], strategies: readonly string[], budgets: readonly number[]): AccuracyTable {
  const table: AccuracyTable = {};
  for (const s of strategies) {
    table[s] = {};
    for (const b of budgets) {
      const a = fixedAccuracy(problems, s, b);
      if (Number.isFinite(a)) table[s][String(b)] = round(a);
    }
  }
  return table;
}

function choiceRecord(choice: Map<DifficultyBin, Map<number, string>>): Record<string, Record<string, string>> {
  return Object.fromEntries([...choice].map(([bin, row]) => [String(bin), Object.fromEntries([...row].map(([b, s]) => [String(b), s]))]));
}

/** The baseline budget for the headline: 64 when swept, else the largest swept budget under it. */
export function headlineBudget(budgets: readonly number[]): number {
  const under = budgets.filter((b) => b <= 64);
  return under.length ? Math.max(...under) : Math.min(...budgets);
}

export function summarize(lines: readonly ResultLine[], context: SummaryContext): Summary {
  const problems = outcomesFromResults(lines);
  const { budgets, strategies } = context;
  const maxBudget = Math.max(...budgets);
  const accuracyByBin = { oracle: {}, predicted: {} } as Summary['accuracyByBin'];
  const binCounts = { oracle: {}, predicted: {} } as Summary['binCounts'];
  const predictedAtMax = new Map(lines.filter((l) => l.budget === maxBudget).map((l) => [l.unique_id, l.predictedBin]));
  for (const bin of BINS) {
    const oracle = problems.filter((p) => p.oracleBin === bin);
    const predicted = problems.filter((p) => predictedAtMax.get(p.uniqueId) === bin);
    accuracyByBin.oracle[bin] = accuracyTable(oracle, strategies, budgets);
    accuracyByBin.predicted[bin] = accuracyTable(predicted, strategies, budgets);
    binCounts.oracle[bin] = oracle.length;
    binCounts.predicted[bin] = predicted.length;
  }
  const optimalFor = (binning: Binning): ComputeOptimal => {
    const options: SelectionOptions = { budgets, strategies, probeSize: context.probeSize, binning };
    const cv = crossValidate(problems, context.folds, context.seed, options);
    const all = learnTable(problems, options);
    return {
      curve: heldOutCurve(cv, budgets).map((p) => ({ budget: p.budget, accuracy: round(p.accuracy) })),
      choice: choiceRecord(all.choice),
      cuts: all.cuts.map(round),
    };
  };
  const computeOptimal = { oracle: optimalFor('oracle'), predicted: optimalFor('predicted') };
  const baselineCurve = budgets.map((budget) => ({ budget, accuracy: fixedAccuracy(problems, context.baseline, budget) }));
  const at = headlineBudget(budgets);
  return {
    version: 1,
    task: 'solve',
    dataset: { path: context.datasetPath, problems: problems.length },
    models: context.models,
    seed: context.seed,
    budgets,
    strategies,
    draws: context.draws,
    probeSize: context.probeSize,
    routes: 'with-probe',
    folds: context.folds,
    signal: context.signal,
    accuracy: accuracyTable(problems, strategies, budgets),
    accuracyByBin,
    binCounts,
    confusion: confusion(problems.map((p) => ({ oracle: p.oracleBin, predicted: predictedAtMax.get(p.uniqueId) ?? p.oracleBin }))),
    computeOptimal,
    efficiency: {
      baseline: context.baseline,
      curve: {
        oracle: efficiencyCurve(computeOptimal.oracle.curve, baselineCurve),
        predicted: efficiencyCurve(computeOptimal.predicted.curve, baselineCurve),
      },
      headline: {
        oracle: headlineRatio(computeOptimal.oracle.curve, baselineCurve, at),
        predicted: headlineRatio(computeOptimal.predicted.curve, baselineCurve, at),
      },
      probeAccounting:
        `predicted bins come from a probe of min(${context.probeSize}, floor(B/2)) samples (as the engine draws it; none at B = 1, bin fixed at 3) that counts against the budget B. ` +
        'Every strategy at B is measured as the router would run it: search strategies (beam, lookahead, revisions) run through the engine with that probe drawn first (the same samples the bin comes from, by seed), counted in B and joining their final vote; ' +
        "pool strategies' subsets of B samples always hold the probe's samples. Oracle bins are free (evaluation only).",
    },
    usage: context.usage,
    generationsSpent: context.generationsSpent,
    elapsedMs: context.elapsedMs,
    createdAt: new Date().toISOString(),
  };
}
