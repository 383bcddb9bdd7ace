// Compute-optimal selection: for each difficulty bin and budget, the strategy with the best accuracy
// on training problems (or, among those as accurate, one that spends far fewer generations), evaluated
// on held-out problems (k-fold cross-validation over problems).
import type { DifficultyBin } from '../shared/strategies';
import { BINS, FIXED_BIN, binOfSignal, probeSizeAt, quantileThresholds } from './bins';
import { correctAt, fixedAccuracy, mean, spentAt, type ProblemOutcomes } from './outcomes';
import { createRng, shuffled } from './random';

export type Binning = 'oracle' | 'predicted';

/**
 * Every strategy's outcome at budget B is already what the router would get by choosing it at B: the
 * eval measures search strategies with the engine's probe included (counted in B, its samples joining
 * the strategy) and pool strategies on subsets that hold the probe's samples. So routes compare as measured.
 */
export interface SelectionOptions {
  budgets: readonly number[];
  strategies: readonly string[];
  probeSize: number;
  binning: Binning;
}

/** A learned table: bin -> budget -> strategy, plus the predicted-bin cut points it was learned with. */
export interface LearnedTable {
  cuts: [number, number, number, number];
  choice: Map<DifficultyBin, Map<number, string>>;
}

/** The full-probe signal, the one the cut points are fitted on. */
function fullSignal(p: ProblemOutcomes, options: SelectionOptions): number {
  return p.signal.get(fullProbeBudget(options.budgets, options.probeSize)) ?? 0;
}

/** The first budget whose probe is the full one (else the largest budget). */
export function fullProbeBudget(budgets: readonly number[], probeSize: number): number {
  return budgets.find((b) => probeSizeAt(b, probeSize) >= probeSize) ?? Math.max(...budgets);
}

export function binOf(p: ProblemOutcomes, budget: number, cuts: readonly number[], binning: Binning, probeSize: number): DifficultyBin {
  if (binning === 'oracle') return p.oracleBin;
  return probeSizeAt(budget, probeSize) === 0 ? FIXED_BIN : binOfSignal(p.signal.get(budget) ?? 0, cuts);
}

/** The strategy with the best accuracy over `problems` at `budget` (on ties the earlier one in the list, the simpler). */
function mostAccurate(problems: readonly ProblemOutcomes[], budget: number, options: SelectionOptions): string | null {
  let best: { strategy: string; accuracy: number } | null = null;
  for (const strategy of measuredStrategies(problems, budget, options)) {
    const accuracy = fixedAccuracy(problems, strategy, budget);
    if (!best || accuracy > best.accuracy + 1e-12) best = { strategy, accuracy };
  }
  return best?.strategy ?? null;
}

/** The strategies measured on every one of `problems` at `budget`. */
function measuredStrategies(problems: readonly ProblemOutcomes[], budget: number, options: SelectionOptions): string[] {
  return options.strategies.filter((s) => problems.length > 0 && problems.every((p) => correctAt(p, s, budget) !== undefined));
}

/**
 * The most accurate strategy, or the one that spends the fewest generations among those as accurate and
 * cheaper by at least MIN_SAVING (under adaptive stopping a ceiling is not what a run spends).
 */
function bestStrategy(problems: readonly ProblemOutcomes[], budget: number, options: SelectionOptions): string | null {
  const best = mostAccurate(problems, budget, options);
  if (best === null) return null;
  let chosen = best;
  for (const strategy of measuredStrategies(problems, budget, options))
    if (cheaperTie(problems, strategy, best, budget) && meanSpent(problems, strategy, budget) < meanSpent(problems, chosen, budget))
      chosen = strategy;
  return chosen;
}

/**
 * How many standard errors of the paired difference a bin's own best strategy must gain over the
 * overall best before the bin gets it: a fifth of the problems per bin makes the per-bin maximum over
 * several strategies mostly noise, and choosing it would lose accuracy on held-out problems.
 */
export const BIN_CHOICE_STANDARD_ERRORS = 1;

/** Mean and standard error of the per-problem difference a - b (both measured on every problem). */
function pairedGain(problems: readonly ProblemOutcomes[], a: string, b: string, budget: number): { mean: number; se: number } {
  const d = problems.map((p) => (correctAt(p, a, budget) ?? 0) - (correctAt(p, b, budget) ?? 0));
  const m = mean(d);
  const variance = d.length > 1 ? d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1) : 0;
  return { mean: m, se: Math.sqrt(variance / Math.max(1, d.length)) };
}

/**
 * The share of the generations a strategy must save before it replaces an equally accurate choice: a bin's
 * own best is the maximum of several noisy accuracies, so a tie there is likely a small loss, worth taking
 * only for a large saving.
 */
export const MIN_SAVING = 0.25;

function meanSpent(problems: readonly ProblemOutcomes[], strategy: string, budget: number): number {
  return mean(problems.map((p) => spentAt(p, strategy, budget)));
}

/**
 * `cheaper` spends at least MIN_SAVING fewer generations than `than` and is at least as accurate. Not "within
 * a standard error": on bins of a few dozen problems that let each bin give up several points for generations,
 * and the losses added up (held-out on the simulator: -2.7 points at a ceiling of 128, the router with stopping
 * below adaptive weighted best-of-N alone). The budget is the user's ceiling; savings come from the stopping.
 */
function cheaperTie(problems: readonly ProblemOutcomes[], cheaper: string, than: string, budget: number): boolean {
  if (meanSpent(problems, cheaper, budget) > (1 - MIN_SAVING) * meanSpent(problems, than, budget)) return false;
  return fixedAccuracy(problems, cheaper, budget) >= fixedAccuracy(problems, than, budget) - 1e-12;
}

export function learnTable(train: readonly ProblemOutcomes[], options: SelectionOptions): LearnedTable {
  const cuts = quantileThresholds(train.map((p) => fullSignal(p, options)));
  const choice = new Map<DifficultyBin, Map<number, string>>();
  for (const bin of BINS) choice.set(bin, new Map());
  for (const budget of options.budgets) {
    const overall = bestStrategy(train, budget, options);
    for (const bin of BINS) {
      const inBin = train.filter((p) => binOf(p, budget, cuts, options.binning, options.probeSize) === bin);
      const own = inBin.length ? bestStrategy(inBin, budget, options) : null;
      let chosen = own ?? overall;
      if (own && overall && own !== overall) {
        const gain = pairedGain(inBin, own, overall, budget);
        // The bin's own choice stays when it is clearly more accurate, or as accurate and clearly cheaper.
        if (gain.mean <= BIN_CHOICE_STANDARD_ERRORS * gain.se && !cheaperTie(inBin, own, overall, budget)) chosen = overall;
      }
      if (chosen) choice.get(bin)!.set(budget, chosen);
    }
  }
  return { cuts, choice };
}

/** The best single strategy at each budget, chosen on `train` (no bins): the fixed-strategy baseline a user could pick from data. */
export function bestFixedTable(train: readonly ProblemOutcomes[], options: SelectionOptions): Map<number, string> {
  const out = new Map<number, string>();
  for (const budget of options.budgets) {
    const best = bestStrategy(train, budget, options);
    if (best) out.set(budget, best);
  }
  return out;
}

/** The strategy a table routes a problem to at a budget. */
export function routeOf(p: ProblemOutcomes, table: LearnedTable, budget: number, options: SelectionOptions): string | undefined {
  return table.choice.get(binOf(p, budget, table.cuts, options.binning, options.probeSize))?.get(budget);
}

export function applyTable(p: ProblemOutcomes, table: LearnedTable, budget: number, options: SelectionOptions): number | undefined {
  const strategy = routeOf(p, table, budget, options);
  return strategy === undefined ? undefined : correctAt(p, strategy, budget);
}

/** k folds over problems, shuffled with the seed. */
export function makeFolds<T>(items: readonly T[], folds: number, seed: string): T[][] {
  const k = Math.max(2, Math.min(folds, items.length));
  const order = shuffled(createRng(`${seed}/folds`), items);
  return Array.from({ length: k }, (_, f) => order.filter((_, i) => i % k === f));
}

export interface CrossValidated {
  /** Per problem id, per budget: the held-out outcome of the table learned without that problem. */
  heldOut: Map<string, Map<number, number>>;
  /** The same for the best single strategy chosen without that problem (bestFixedTable). */
  heldOutFixed: Map<string, Map<number, number>>;
  /** Per problem id, per budget: the generations the held-out route spent (under the budget with adaptive stopping). */
  heldOutSpent: Map<string, Map<number, number>>;
  tables: LearnedTable[];
}

export function crossValidate(
  problems: readonly ProblemOutcomes[],
  folds: number,
  seed: string,
  options: SelectionOptions,
): CrossValidated {
  const heldOut = new Map<string, Map<number, number>>();
  const heldOutFixed = new Map<string, Map<number, number>>();
  const heldOutSpent = new Map<string, Map<number, number>>();
  const tables: LearnedTable[] = [];
  for (const test of makeFolds(problems, folds, seed)) {
    const testIds = new Set(test.map((p) => p.uniqueId));
    const train = problems.filter((p) => !testIds.has(p.uniqueId));
    const table = learnTable(train, options);
    const fixed = bestFixedTable(train, options);
    tables.push(table);
    for (const p of test) {
      const row = new Map<number, number>();
      const fixedRow = new Map<number, number>();
      const spentRow = new Map<number, number>();
      for (const budget of options.budgets) {
        const route = routeOf(p, table, budget, options);
        const v = route === undefined ? undefined : correctAt(p, route, budget);
        if (v !== undefined) row.set(budget, v);
        if (route !== undefined) spentRow.set(budget, spentAt(p, route, budget));
        const strategy = fixed.get(budget);
        const f = strategy === undefined ? undefined : correctAt(p, strategy, budget);
        if (f !== undefined) fixedRow.set(budget, f);
      }
      heldOut.set(p.uniqueId, row);
      heldOutFixed.set(p.uniqueId, fixedRow);
      heldOutSpent.set(p.uniqueId, spentRow);
    }
  }
  return { heldOut, heldOutFixed, heldOutSpent, tables };
}

/** Mean held-out accuracy per budget (NaN where some problem has no outcome). */
export function heldOutCurve(cv: CrossValidated, budgets: readonly number[]): { budget: number; accuracy: number }[] {
  return budgets.map((budget) => {
    const values = [...cv.heldOut.values()].map((row) => row.get(budget));
    return { budget, accuracy: values.every((v) => v !== undefined) ? mean(values as number[]) : Number.NaN };
  });
}
