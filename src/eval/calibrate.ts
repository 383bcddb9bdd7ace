// `ponder calibrate`: learns the router's policy file from an eval's results by k-fold cross-validation
// over problems, and measures the learned policy's held-out accuracy against every fixed strategy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, parsePolicy, type PolicyFile } from '../core/index';
import type { StrategyName } from '../shared/strategies';
import type { StrategyParams } from '../core/strategies/types';
import { pairedBootstrap, type Interval } from './bootstrap';
import { headlineRatio, type HeadlineRatio } from './efficiency';
import { heldOutOutcomes } from './fixedBaseline';
import { headlineBudget } from './summary';
import { crossValidate, learnTable, type LearnedTable, type SelectionOptions } from './optimal';
import { correctAt, fixedAccuracy, mean, outcomesFromResults } from './outcomes';
import { readResults } from './results';
import type { Summary } from './summary';
import { namedVariant, type NamedVariant } from './variants';

export interface HeldOutRow {
  learned: number;
  /** The best fixed strategy at this budget (by accuracy on all problems). */
  bestFixed: string;
  /** learned - bestFixed, per problem, paired bootstrap 95% interval. */
  difference: Interval;
  /**
   * Held-out accuracy of the best single strategy chosen on the other folds (as the learned policy is
   * chosen), and learned minus it (paired bootstrap). `bestFixed` above is picked with hindsight on every
   * problem, so it is an optimistic baseline.
   */
  crossValidatedFixed: number;
  differenceToCrossValidatedFixed: Interval;
  /** Accuracy of every fixed strategy (the same problems). */
  fixed: Record<string, number>;
}

export interface Calibration {
  policy: PolicyFile;
  heldOut: Record<string, HeldOutRow>;
  /** The learned policy's held-out curve against weighted best-of-N at its budget of 64 (probe counted); null without that baseline. */
  efficiency: HeadlineRatio | null;
  budgets: number[];
  strategies: string[];
}

function readSummary(dir: string): Summary {
  try {
    return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch (err) {
    throw new Error(
      `cannot read ${join(dir, 'summary.json')}: ${err instanceof Error ? err.message : String(err)} (run ponder eval --out ${dir} first)`,
    );
  }
}

/** A policy row as calibrate writes it (parsePolicy then checks the params against the strategy's schema). */
interface LearnedRow {
  maxBudget: number | null;
  strategy: StrategyName;
  params?: StrategyParams;
}

/**
 * Per bin, rows of increasing maxBudget: consecutive budgets with the same choice (strategy and parameters)
 * merge; the last row covers any budget. A variant's parameters become the row's params.
 */
function binRows(
  table: LearnedTable,
  budgets: readonly number[],
  variants: ReadonlyMap<string, NamedVariant>,
  fallback: string,
): Record<'1' | '2' | '3' | '4' | '5', LearnedRow[]> {
  const rows = {} as Record<'1' | '2' | '3' | '4' | '5', LearnedRow[]>;
  for (const bin of [1, 2, 3, 4, 5] as const) {
    const out: (LearnedRow & { label: string })[] = [];
    let previous = fallback;
    for (const budget of budgets) {
      const chosen = table.choice.get(bin)?.get(budget);
      const label = chosen !== undefined && variants.has(chosen) ? chosen : previous;
      const last = out[out.length - 1];
      if (last && last.label === label) last.maxBudget = budget;
      else {
        const { strategy, params } = variants.get(label)!;
        out.push({ label, maxBudget: budget, strategy, ...(Object.keys(params).length ? { params } : {}) });
      }
      previous = label;
    }
    out[out.length - 1].maxBudget = null;
    rows[String(bin) as '1'] = out.map(({ label: _label, ...row }) => row);
  }
  return rows;
}

/** The strategies (and variants) the router can be given, by label: every results label but `auto` (the router itself). */
function routableVariants(labels: readonly string[]): Map<string, NamedVariant> {
  const out = new Map<string, NamedVariant>();
  for (const label of labels.filter((l) => l !== 'auto')) {
    try {
      out.set(label, namedVariant(label));
    } catch (err) {
      throw new Error(
        `results.jsonl names the strategy ${label}, which this ponder cannot route (${err instanceof Error ? err.message : String(err)}); run ponder eval again with this version`,
      );
    }
  }
  return out;
}

export function calibrate(evalDir: string, options: { folds: number; seed?: string; resamples?: number }): Calibration {
  const summary = readSummary(evalDir);
  if (summary.routes !== 'with-probe')
    throw new Error(
      `${evalDir} was written by an older ponder eval that did not measure strategies with the router's probe; run the same ponder eval command again (into a new --out folder) before calibrating`,
    );
  // A pooled eval (--seeds) keeps each seed's results in its own folder; a policy is learned from one seed's.
  if (summary.seeds && summary.seeds.length > 1)
    throw new Error(
      `${evalDir} pools seeds ${summary.seeds.join(', ')}; calibrate one seed's eval, e.g. --eval ${join(evalDir, `seed-${summary.seeds[0]}`)}`,
    );
  const lines = readResults(join(evalDir, 'results.jsonl'));
  const problems = outcomesFromResults(lines);
  if (problems.length < 2 * options.folds)
    throw new Error(`${problems.length} problems are too few for ${options.folds}-fold cross-validation`);
  const budgets = [...new Set(lines.map((l) => l.budget))].sort((a, b) => a - b);
  // The router can choose any named strategy or variant (`beam:width=16`: the row gets its params); `auto` is the router itself.
  const variants = routableVariants([...new Set(lines.map((l) => l.strategy))]);
  const strategies = [...variants.keys()];
  const seed = options.seed ?? summary.seed ?? '0';
  const selection: SelectionOptions = {
    budgets,
    strategies,
    probeSize: summary.probeSize,
    binning: 'predicted',
  };
  const cv = crossValidate(problems, options.folds, seed, selection);
  const heldOut: Record<string, HeldOutRow> = {};
  for (const budget of budgets) {
    const fixed: Record<string, number> = {};
    for (const s of strategies) {
      const a = fixedAccuracy(problems, s, budget);
      if (Number.isFinite(a)) fixed[s] = a;
    }
    const bestFixed = Object.entries(fixed).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const { router: learnedPerProblem, crossValidatedFixed: cvFixedPerProblem } = heldOutOutcomes(problems, cv, budget);
    const fixedPerProblem = problems.map((p) => correctAt(p, bestFixed, budget) ?? 0);
    heldOut[String(budget)] = {
      learned: mean(learnedPerProblem),
      bestFixed,
      difference: pairedBootstrap(learnedPerProblem, fixedPerProblem, { seed: `${seed}/${budget}`, resamples: options.resamples }),
      crossValidatedFixed: mean(cvFixedPerProblem),
      differenceToCrossValidatedFixed: pairedBootstrap(learnedPerProblem, cvFixedPerProblem, {
        seed: `${seed}/${budget}/cv`,
        resamples: options.resamples,
      }),
      fixed,
    };
  }
  const baselineCurve = budgets.map((budget) => ({ budget, accuracy: heldOut[String(budget)].fixed[EFFICIENCY_BASELINE] ?? Number.NaN }));
  const learnedCurve = budgets.map((budget) => ({ budget, accuracy: heldOut[String(budget)].learned }));
  const efficiency = headlineRatio(learnedCurve, baselineCurve, headlineBudget(budgets));
  const table = learnTable(problems, selection);
  const builtIn = loadPolicy('');
  const descending = [...table.cuts].reverse() as [number, number, number, number];
  const clamp = (c: [number, number, number, number]) =>
    c.map((x) => Math.min(1, Math.max(0, Math.round(x * 1e4) / 1e4))) as [number, number, number, number];
  const overallBest = heldOut[String(budgets[budgets.length - 1])].bestFixed;
  const policy = parsePolicy(
    {
      description: `Router policy learned by ponder calibrate from ${summary.dataset.path} (${problems.length} problems): for each predicted difficulty bin and budget, the strategy (with its parameters when variants were measured) with the best accuracy, or one as accurate that spends at least a quarter fewer generations; ${options.folds}-fold cross-validated held-out figures in provenance.heldOut.`,
      version: 1,
      provenance: {
        source: 'ponder calibrate',
        created: new Date().toISOString(),
        dataset: summary.dataset.path,
        policyModel: summary.models.policy,
        verifier: summary.models.verifier ?? 'none',
        notes: `${summary.models.simulated ? 'SIMULATED endpoints (ponder sim). ' : ''}Bins from the ${summary.signal} signal of a ${summary.probeSize}-sample probe; thresholds are its quantiles on the data.`,
        evalDir: evalDir,
        simulated: summary.models.simulated,
        folds: options.folds,
        seed,
        probeSize: summary.probeSize,
        signal: summary.signal,
        budgets,
        scores: Object.fromEntries(
          strategies.map((s) => [s, Object.fromEntries(budgets.map((b) => [String(b), round(fixedAccuracy(problems, s, b))]))]),
        ),
        efficiencyVsWeightedBestOfN: efficiency && {
          ...efficiency,
          baselineAccuracy: round(efficiency.baselineAccuracy),
          optimalBudget: round(efficiency.optimalBudget),
          ratio: round(efficiency.ratio),
        },
        heldOut: Object.fromEntries(
          Object.entries(heldOut).map(([budget, row]) => [
            budget,
            {
              learned: round(row.learned),
              ...Object.fromEntries(Object.entries(row.fixed).map(([s, a]) => [s, round(a)])),
              bestFixed: row.bestFixed,
              differenceToBestFixed: { mean: round(row.difference.mean), ci95: [round(row.difference.low), round(row.difference.high)] },
              crossValidatedFixed: round(row.crossValidatedFixed),
              differenceToCrossValidatedFixed: {
                mean: round(row.differenceToCrossValidatedFixed.mean),
                ci95: [round(row.differenceToCrossValidatedFixed.low), round(row.differenceToCrossValidatedFixed.high)],
              },
            },
          ]),
        ),
      },
      thresholds: {
        verifier: summary.signal === 'verifier' ? clamp(descending) : builtIn.thresholds.verifier,
        agreement: summary.signal === 'agreement' ? clamp(descending) : builtIn.thresholds.agreement,
      },
      // A bare strategy's row has no params (it plans with its schema's defaults); a variant's row has the variant's.
      bins: binRows(table, budgets, variants, overallBest),
    },
    '(learned by ponder calibrate)',
  );
  return { policy, heldOut, efficiency, budgets, strategies };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

const EFFICIENCY_BASELINE = 'weighted-best-of-n';

/** One line on the efficiency ratio, the paper's "4x": what weighted best-of-N needs vs the learned policy. */
export function efficiencyLine(c: Calibration): string {
  const e = c.efficiency;
  if (!e) return `efficiency ratio: n/a (the eval has no ${EFFICIENCY_BASELINE} at a budget of 64 or below)`;
  const qualifier =
    e.bound === 'exact'
      ? ''
      : e.bound === 'lower-bound'
        ? ' or more (the learned policy already matches it at its smallest budget)'
        : ' at most (the learned policy never reaches it)';
  return (
    `efficiency vs ${EFFICIENCY_BASELINE} (held-out, probe counted): ${EFFICIENCY_BASELINE}@${e.baselineBudget} = ${(100 * e.baselineAccuracy).toFixed(1)}%; ` +
    `the learned policy reaches it at ${e.optimalBudget.toFixed(1)} generations: ${e.ratio.toFixed(2)}x${qualifier}`
  );
}

/** The held-out comparison as a table for the terminal. */
export function heldOutTable(c: Calibration): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const header = `budget  learned  ${c.strategies.map((s) => s.padStart(Math.max(6, s.length))).join('  ')}  learned - best fixed (hindsight) [95% CI]  fixed (cv)  learned - fixed (cv) [95% CI]`;
  const rows = c.budgets.map((b) => {
    const r = c.heldOut[String(b)];
    const d = r.difference;
    const sign = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
    const cv = r.differenceToCrossValidatedFixed;
    const hindsight = `${sign(d.mean)} [${sign(d.low)}, ${sign(d.high)}] vs ${r.bestFixed}`;
    return `${String(b).padStart(6)}  ${pct(r.learned)}   ${c.strategies.map((s) => pct(r.fixed[s] ?? NaN).padStart(Math.max(6, s.length))).join('  ')}  ${hindsight.padEnd(41)}  ${pct(r.crossValidatedFixed).padStart(10)}  ${sign(cv.mean)} [${sign(cv.low)}, ${sign(cv.high)}]`;
  });
  return [header, ...rows].join('\n');
}
