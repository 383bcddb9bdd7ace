// Compute-optimal selection: for each difficulty bin and budget, the strategy with the best accuracy
// on training problems, evaluated on held-out problems (k-fold cross-validation over problems).
import type { DifficultyBin } from '../shared/strategies';
import { BINS, FIXED_BIN, binOfSignal, probeSizeAt, quantileThresholds } from './bins';
import { correctAt, mean, type ProblemOutcomes } from './outcomes';
import { createRng, shuffled } from './random';

export type Binning = 'oracle' | 'predicted';

export interface SelectionOptions {
  budgets: readonly number[];
  strategies: readonly string[];
  /** Strategies computed from the shared sample pool: they reuse the probe's samples at no extra cost. */
  sampleStrategies: ReadonlySet<string>;
  probeSize: number;
  binning: Binning;
}

/** A learned table: bin -> budget -> strategy, plus the predicted-bin cut points it was learned with. */
export interface LearnedTable {
  cuts: [number, number, number, number];
  choice: Map<DifficultyBin, Map<number, string>>;
}

/**
 * The budget whose measured outcome stands for `strategy` at budget B. With predicted bins the probe's
 * samples (see probeSizeAt) count against B: sample strategies reuse them, so they keep B; any other strategy
 * gets what is left, read (conservatively) at the largest swept budget not above it. Null: not possible.
 */
export function effectiveBudget(strategy: string, budget: number, options: SelectionOptions): number | null {
  if (options.binning === 'oracle' || options.sampleStrategies.has(strategy)) return budget;
  const left = budget - probeSizeAt(budget, options.probeSize);
  const swept = options.budgets.filter((b) => b <= left);
  return swept.length ? Math.max(...swept) : null;
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

/** The outcome of running `strategy` on `p` at budget B under the options' probe accounting. */
export function outcomeUnder(p: ProblemOutcomes, strategy: string, budget: number, options: SelectionOptions): number | undefined {
  const effective = effectiveBudget(strategy, budget, options);
  return effective === null ? undefined : correctAt(p, strategy, effective);
}

function bestStrategy(problems: readonly ProblemOutcomes[], budget: number, options: SelectionOptions): string | null {
  let best: { strategy: string; accuracy: number } | null = null;
  for (const strategy of options.strategies) {
    const values = problems.map((p) => outcomeUnder(p, strategy, budget, options));
    if (values.length === 0 || values.some((v) => v === undefined)) continue;
    const accuracy = mean(values as number[]);
    // Strictly better only: on ties the earlier strategy in the list (the cheaper, simpler one) stays.
    if (!best || accuracy > best.accuracy + 1e-12) best = { strategy, accuracy };
  }
  return best?.strategy ?? null;
}

export function learnTable(train: readonly ProblemOutcomes[], options: SelectionOptions): LearnedTable {
  const cuts = quantileThresholds(train.map((p) => fullSignal(p, options)));
  const choice = new Map<DifficultyBin, Map<number, string>>();
  for (const bin of BINS) choice.set(bin, new Map());
  for (const budget of options.budgets) {
    const overall = bestStrategy(train, budget, options);
    for (const bin of BINS) {
      const inBin = train.filter((p) => binOf(p, budget, cuts, options.binning, options.probeSize) === bin);
      const chosen = (inBin.length ? bestStrategy(inBin, budget, options) : null) ?? overall;
      if (chosen) choice.get(bin)!.set(budget, chosen);
    }
  }
  return { cuts, choice };
}

export function applyTable(p: ProblemOutcomes, table: LearnedTable, budget: number, options: SelectionOptions): number | undefined {
  const strategy = table.choice.get(binOf(p, budget, table.cuts, options.binning, options.probeSize))?.get(budget);
  return strategy === undefined ? undefined : outcomeUnder(p, strategy, budget, options);
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
  tables: LearnedTable[];
}

export function crossValidate(problems: readonly ProblemOutcomes[], folds: number, seed: string, options: SelectionOptions): CrossValidated {
  const heldOut = new Map<string, Map<number, number>>();
  const tables: LearnedTable[] = [];
  for (const test of makeFolds(problems, folds, seed)) {
    const testIds = new Set(test.map((p) => p.uniqueId));
    const table = learnTable(
      problems.filter((p) => !testIds.has(p.uniqueId)),
      options,
    );
    tables.push(table);
    for (const p of test) {
      const row = new Map<number, number>();
      for (const budget of options.budgets) {
        const v = applyTable(p, table, budget, options);
        if (v !== undefined) row.set(budget, v);
      }
      heldOut.set(p.uniqueId, row);
    }
  }
  return { heldOut, tables };
}

/** Mean held-out accuracy per budget (NaN where some problem has no outcome). */
export function heldOutCurve(cv: CrossValidated, budgets: readonly number[]): { budget: number; accuracy: number }[] {
  return budgets.map((budget) => {
    const values = [...cv.heldOut.values()].map((row) => row.get(budget));
    return { budget, accuracy: values.every((v) => v !== undefined) ? mean(values as number[]) : Number.NaN };
  });
}
