// The two eval tasks end to end: run (or resume) each seed, then write every output. Used by `ponder eval`.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeAnswer, groupAnswers } from '../core/grading/index';
import { emptyUsage, type Usage } from '../shared/events';
import type { PonderSettings } from '../shared/settings';
import type { EvalBackend } from './backend';
import { loadProblems, loadProcessBench } from './dataset';
import type { CurvePoint } from './efficiency';
import { computeExchange, type ExchangeTable } from './exchange';
import { renderFirstErrorReport, scoreProcessBench, summarizeFirstError, type FirstErrorSummary } from './firstError';
import { buildLines } from './lines';
import { writeAtomic, writeOutputs } from './output';
import type { ProgressSink } from './progress';
import type { Binning } from './optimal';
import { addUsage } from './pool';
import { readResults, type ResultLine } from './results';
import { SolveEvalRunner } from './runner';
import { summarize, type SeedFigures, type SeedRun, type Summary, type SummaryContext } from './summary';

export interface EvalRequest {
  dataset: string;
  outDir: string;
  budgets: number[];
  strategies: string[];
  limit?: number;
  /** One seed, or several: each runs in turn (sharing the cache) and the summary pools them. */
  seeds: string[];
  jobs: number;
  draws: number;
  folds: number;
  chunk: number;
  settings: PonderSettings;
  /** An eval directory of a larger model, for the compute-exchange table (one seed only). */
  exchangeDir?: string;
  largeParameters?: number;
}

export interface Interruption {
  /** Stop taking new work. */
  isStopping(): boolean;
  /** Aborts in-flight work. */
  signal: AbortSignal;
  onStop(listener: () => void): void;
}

export type EvalOutcome = { interrupted: true; done: number; total: number } | { interrupted: false; summary: Summary | FirstErrorSummary };

const BASELINE = 'weighted-best-of-n';

/** The same grader as the editor's: its verdicts are bounded by work, not time, so load changes nothing. */
const offlineGrader = { gradeAnswer, groupAnswers };

/** Where one seed's own outputs go when several seeds are pooled. */
export function seedDir(outDir: string, seed: string): string {
  return join(outDir, `seed-${seed}`);
}

export async function evaluateSolve(
  backend: EvalBackend,
  request: EvalRequest,
  progress: ProgressSink,
  stop: Interruption,
): Promise<EvalOutcome> {
  const started = Date.now();
  const problems = loadProblems(request.dataset, request.limit);
  if (problems.length === 0) throw new Error(`${request.dataset} holds no problems`);
  if (request.seeds.length === 0) throw new Error('ponder eval needs at least one seed');
  mkdirSync(request.outDir, { recursive: true });
  const models = await backend.describe(stop.signal);
  const probeSize = request.settings.difficulty.probeSize;
  const pooled = request.seeds.length > 1;
  const headline = request.strategies.includes(BASELINE) ? BASELINE : request.strategies[0];
  const total = problems.length * request.seeds.length;
  const runs: SeedRun[] = [];
  let usage = emptyUsage();
  let generationsSpent = 0;
  for (const [index, seed] of request.seeds.entries()) {
    if (stop.isStopping()) return { interrupted: true, done: index * problems.length, total };
    // Every seed's work goes to the one cache in the output folder (the seed is part of each key).
    const runner = new SolveEvalRunner(backend, offlineGrader, {
      problems,
      budgets: request.budgets,
      strategies: request.strategies,
      outDir: request.outDir,
      seed,
      jobs: request.jobs,
      draws: request.draws,
      probeSize,
      chunk: request.chunk,
      settings: request.settings,
    });
    stop.onStop(() => runner.stop());
    const label = `${pooled ? `seed ${seed}: ` : ''}${headline}@${Math.max(...request.budgets)}`;
    const outcome = await runner.execute(stop.signal, progress, { strategy: headline, label });
    if (outcome.interrupted) return { interrupted: true, done: index * problems.length + outcome.measurements.length, total };
    usage = addUsage(usage, outcome.usage);
    generationsSpent += outcome.generationsSpent;
    runs.push({
      seed,
      lines: buildLines(outcome.measurements, { budgets: request.budgets, strategies: request.strategies, probeSize, seed }),
    });
  }
  const context = (spent: { usage: Usage; generationsSpent: number }): SummaryContext => ({
    datasetPath: request.dataset,
    models: {
      policy: models.policyModel,
      verifier: models.verifierModel,
      simulated: models.simulated,
      policyParameters: request.settings.policy.parameters || null,
    },
    budgets: request.budgets,
    strategies: request.strategies,
    draws: request.draws,
    probeSize,
    folds: request.folds,
    signal: backend.hasVerifier ? 'verifier' : 'agreement',
    ...spent,
    elapsedMs: Date.now() - started,
    baseline: BASELINE,
  });
  if (!pooled) {
    const summary = summarize(runs, context({ usage, generationsSpent }));
    const exchange = request.exchangeDir ? exchangeTable(request, runs[0].lines) : null;
    await writeOutputs(request.outDir, runs[0].lines, summary, exchange);
    return { interrupted: false, summary: exchange ? { ...summary, exchange } : summary };
  }
  if (request.exchangeDir) throw new Error('--exchange compares one eval with another: run it with a single --seed');
  // Each seed's own outputs (results.jsonl for ponder calibrate), then the pooled summary over all of them.
  const perSeed: SeedFigures[] = [];
  for (const run of runs) {
    const dir = seedDir(request.outDir, run.seed);
    const own = summarize([run], context({ usage: emptyUsage(), generationsSpent: 0 }));
    await writeOutputs(dir, run.lines, own, null);
    perSeed.push(seedFigures(own, dir));
  }
  const summary: Summary = { ...summarize(runs, context({ usage, generationsSpent })), perSeed };
  await writeOutputs(request.outDir, null, summary, null);
  return { interrupted: false, summary };
}

/** A seed's figures, values only, for the pooled summary. */
function seedFigures(summary: Summary, dir: string): SeedFigures {
  const curve = (points: readonly CurvePoint[]) => points.map(({ budget, accuracy }) => ({ budget, accuracy }));
  const headline = (binning: Binning) => {
    const h = summary.efficiency.headline[binning];
    return (
      h && {
        baselineBudget: h.baselineBudget,
        baselineSpent: h.baselineSpent,
        baselineAccuracy: h.baselineAccuracy,
        optimalBudget: h.optimalBudget,
        ratio: h.ratio,
        bound: h.bound,
      }
    );
  };
  return {
    seed: summary.seed,
    dir,
    accuracy: summary.accuracy,
    computeOptimal: { oracle: curve(summary.computeOptimal.oracle.curve), predicted: curve(summary.computeOptimal.predicted.curve) },
    crossValidatedFixed: curve(summary.fixedBaseline.curve),
    headline: { oracle: headline('oracle'), predicted: headline('predicted') },
  };
}

function exchangeTable(request: EvalRequest, lines: readonly ResultLine[]): ExchangeTable {
  const dir = request.exchangeDir!;
  const large = readResults(join(dir, 'results.jsonl'));
  let largeParameters = request.largeParameters;
  if (!largeParameters) {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { models?: { policyParameters?: number | null } };
    largeParameters = summary.models?.policyParameters ?? undefined;
  }
  const smallParameters = request.settings.policy.parameters;
  if (!smallParameters || !largeParameters)
    throw new Error(
      'the compute-exchange table needs both models sizes: --policy-parameters for this eval and --large-parameters (or the larger eval run with --policy-parameters)',
    );
  return computeExchange(lines, large, { smallParameters, largeParameters });
}

export async function evaluateFirstError(
  backend: EvalBackend,
  request: EvalRequest,
  progress: ProgressSink,
  stop: Interruption,
): Promise<EvalOutcome> {
  const started = Date.now();
  const items = loadProcessBench(request.dataset, request.limit);
  if (!backend.hasVerifier) throw new Error('--task first-error needs a verifier (set --verifier-kind and --verifier-url)');
  mkdirSync(request.outDir, { recursive: true });
  const models = await backend.describe(stop.signal);
  const threshold = request.settings.verifier.lowScoreThreshold;
  const { lines, interrupted } = await scoreProcessBench(backend, items, {
    outDir: request.outDir,
    threshold,
    jobs: request.jobs,
    signal: stop.signal,
    progress,
    isStopping: stop.isStopping,
  });
  if (interrupted) return { interrupted: true, done: lines.length, total: items.length };
  const summary = summarizeFirstError(lines, {
    datasetPath: request.dataset,
    threshold,
    verifier: models.verifierModel,
    simulated: models.simulated,
    elapsedMs: Date.now() - started,
  });
  writeAtomic(join(request.outDir, 'results.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeAtomic(join(request.outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeAtomic(join(request.outDir, 'report.md'), renderFirstErrorReport(summary));
  return { interrupted: false, summary };
}
