// The two eval tasks end to end: run (or resume), then write every output. Used by `ponder eval`.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeAnswer, groupAnswers } from '../core/grading/index';
import type { PonderSettings } from '../shared/settings';
import type { EvalBackend } from './backend';
import { loadProblems, loadProcessBench } from './dataset';
import { computeExchange, type ExchangeTable } from './exchange';
import { renderFirstErrorReport, scoreProcessBench, summarizeFirstError, type FirstErrorSummary } from './firstError';
import { buildLines } from './lines';
import { writeAtomic, writeOutputs } from './output';
import type { ProgressSink } from './progress';
import { readResults } from './results';
import { SolveEvalRunner } from './runner';
import { summarize, type Summary } from './summary';

export interface EvalRequest {
  dataset: string;
  outDir: string;
  budgets: number[];
  strategies: string[];
  limit?: number;
  seed: string;
  jobs: number;
  draws: number;
  folds: number;
  chunk: number;
  settings: PonderSettings;
  /** An eval directory of a larger model, for the compute-exchange table. */
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

export async function evaluateSolve(
  backend: EvalBackend,
  request: EvalRequest,
  progress: ProgressSink,
  stop: Interruption,
): Promise<EvalOutcome> {
  const started = Date.now();
  const problems = loadProblems(request.dataset, request.limit);
  if (problems.length === 0) throw new Error(`${request.dataset} holds no problems`);
  mkdirSync(request.outDir, { recursive: true });
  const models = await backend.describe(stop.signal);
  const probeSize = request.settings.difficulty.probeSize;
  const runner = new SolveEvalRunner(backend, offlineGrader, {
    problems,
    budgets: request.budgets,
    strategies: request.strategies,
    outDir: request.outDir,
    seed: request.seed,
    jobs: request.jobs,
    draws: request.draws,
    probeSize,
    chunk: request.chunk,
    settings: request.settings,
  });
  stop.onStop(() => runner.stop());
  const headline = request.strategies.includes(BASELINE) ? BASELINE : request.strategies[0];
  const outcome = await runner.execute(stop.signal, progress, { strategy: headline, label: `${headline}@${Math.max(...request.budgets)}` });
  if (outcome.interrupted) return { interrupted: true, done: outcome.measurements.length, total: problems.length };
  const lines = buildLines(outcome.measurements, {
    budgets: request.budgets,
    strategies: request.strategies,
    probeSize,
    seed: request.seed,
  });
  const summary = summarize(lines, {
    datasetPath: request.dataset,
    models: {
      policy: models.policyModel,
      verifier: models.verifierModel,
      simulated: models.simulated,
      policyParameters: request.settings.policy.parameters || null,
    },
    seed: request.seed,
    budgets: request.budgets,
    strategies: request.strategies,
    draws: request.draws,
    probeSize,
    folds: request.folds,
    signal: backend.hasVerifier ? 'verifier' : 'agreement',
    usage: outcome.usage,
    generationsSpent: outcome.generationsSpent,
    elapsedMs: Date.now() - started,
    baseline: BASELINE,
  });
  const exchange = request.exchangeDir ? exchangeTable(request, lines) : null;
  await writeOutputs(request.outDir, lines, summary, exchange);
  return { interrupted: false, summary: exchange ? { ...summary, exchange } : summary };
}

function exchangeTable(request: EvalRequest, lines: ReturnType<typeof buildLines>): ExchangeTable {
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
