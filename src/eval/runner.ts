// `ponder eval` for the solve task: schedules the work (one sample pool per problem, one engine run per
// search strategy and budget), caches each finished unit, and turns it all into per-problem outcomes.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { emptyUsage, type Usage } from '../shared/events';
import type { PonderSettings } from '../shared/settings';
import { STRATEGIES } from '../core/strategies/registry';
import type { EvalBackend, StrategyRun } from './backend';
import { JobCache, cacheKey } from './cache';
import type { EvalProblem } from './dataset';
import { addUsage, drawPool, preparePool, type Grader, type Pool } from './pool';
import type { ProgressSink } from './progress';
import {
  evaluateSubsets,
  hasScores,
  isPoolStrategy,
  passAt1,
  stopsEarly,
  type AdaptiveStopping,
  type SampleStrategy,
  type SubsetOutcome,
} from './subsets';
import { probeSignal, probeSizeAt } from './bins';
import { hash32 } from './random';
import { parseVariant } from './variants';

export interface SolveEvalOptions {
  problems: EvalProblem[];
  budgets: number[];
  strategies: string[];
  outDir: string;
  seed: string;
  /** Units of work (pools, runs) in flight at once. */
  jobs: number;
  draws: number;
  probeSize: number;
  /** Samples drawn (and cached) per request batch of a pool. */
  chunk: number;
  settings: PonderSettings;
}

/** Everything measured for one problem, before the data-set-wide bins are known. */
export interface ProblemMeasurement {
  problem: EvalProblem;
  pool: Pool;
  passAt1: number;
  /** Probe signal per budget (the engine's probe at that budget: see probeSizeAt). */
  signal: Map<number, number>;
  sampled: Map<SampleStrategy, Map<number, SubsetOutcome>>;
  runs: Map<string, Map<number, { run: StrategyRun; correct: boolean }>>;
}

export interface SolveEvalOutcome {
  measurements: ProblemMeasurement[];
  interrupted: boolean;
  /** Generations spent by this invocation (cached work excluded). */
  generationsSpent: number;
  usage: Usage;
}

/** The settings that change what the engine does for a problem (not concurrency, timeouts or tracing). */
function settingsFingerprint(settings: PonderSettings): unknown {
  const { budget, request: _request, trace: _trace, ...rest } = settings;
  return { ...rest, maxTokensPerGeneration: budget.maxTokensPerGeneration, tokenCap: budget.tokenCap };
}

const textHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export class SolveEvalRunner {
  private readonly cache: JobCache;
  private generationsSpent = 0;
  /** Stop taking new work (Ctrl-C); in-flight work is then aborted through `hardSignal`. */
  private stopping = false;

  constructor(
    private readonly backend: EvalBackend,
    private readonly grader: Grader,
    private readonly options: SolveEvalOptions,
  ) {
    this.cache = new JobCache(join(options.outDir, 'cache.jsonl'));
  }

  stop(): void {
    this.stopping = true;
  }

  private key(kind: string, problem: EvalProblem, extra: Record<string, unknown>): string {
    return cacheKey({
      kind,
      id: problem.uniqueId,
      problem: textHash(problem.problem),
      seed: this.options.seed,
      endpoint: this.backend.identity,
      settings: settingsFingerprint(this.options.settings),
      // Runs since request seeds were added are reproducible; older cached (unseeded) work is not reused.
      requests: 'seeded, search with probe',
      ...extra,
    });
  }

  /** The engine's run seed for one unit of work: from the eval's seed and what the unit is. */
  private engineSeed(problem: EvalProblem, ...unit: (string | number)[]): number {
    return hash32([this.options.seed, problem.uniqueId, ...unit].join('/')) % 2 ** 31;
  }

  private async pool(problem: EvalProblem, signal: AbortSignal): Promise<Pool> {
    const size = Math.max(...this.options.budgets);
    return drawPool(this.backend, this.cache, this.key('pool', problem, {}), problem.problem, {
      size,
      // A chunk holds at least the probe, so that a probe and the pool's first chunk are alike requests.
      chunk: Math.max(this.options.chunk, this.options.probeSize),
      signal,
      seedOf: (part) => this.engineSeed(problem, 'pool', part),
      onChunk: (c) => (this.generationsSpent += c.generations),
    });
  }

  private async run(problem: EvalProblem, strategy: string, budget: number, signal: AbortSignal): Promise<StrategyRun> {
    const key = this.key('run', problem, { strategy, budget, ...adaptiveKey(strategy, this.options.settings.budget) });
    const cached = this.cache.get(key) as StrategyRun | undefined;
    if (cached) return cached;
    // The run seed of the pool's first chunk: the engine's probe (drawn first, with the same request seed)
    // then reproduces the pool's first samples, the ones the eval computes the predicted bin from.
    const run = await this.backend.runStrategy(problem.problem, strategy, budget, signal, {
      seed: this.engineSeed(problem, 'pool', 0),
      probe: true,
    });
    this.generationsSpent += run.usage.generations;
    if (run.partial)
      throw new Error(
        `${strategy} at budget ${budget} on ${problem.uniqueId} did not finish: ${run.error ?? 'generations were lost to endpoint errors'}`,
      );
    this.cache.put(key, 0, run);
    return run;
  }

  private measure(problem: EvalProblem, pool: Pool, runs: Map<string, Map<number, StrategyRun>>): ProblemMeasurement {
    const { budgets, strategies, draws, probeSize, seed } = this.options;
    const prepared = preparePool(pool, problem.answer, this.grader);
    const sampleStrategies = strategies.filter((s) => isPoolStrategy(s, this.options.settings.budget));
    const scored = hasScores(prepared);
    const signalKind = scored ? 'verifier' : 'agreement';
    return {
      problem,
      pool,
      passAt1: passAt1(prepared),
      signal: new Map(budgets.map((b) => [b, probeSignal(prepared, probeSizeAt(b, probeSize), signalKind)])),
      sampled: evaluateSubsets(prepared, sampleStrategies, budgets, {
        draws,
        seed: `${seed}/${problem.uniqueId}`,
        probeAt: (b) => probeSizeAt(b, probeSize),
      }),
      runs: new Map(
        [...runs].map(([strategy, byBudget]) => [
          strategy,
          new Map(
            [...byBudget].map(([b, run]) => [
              b,
              { run, correct: run.answer !== null && this.grader.gradeAnswer(problem.answer, run.answer).equal },
            ]),
          ),
        ]),
      ),
    };
  }

  /**
   * Runs everything not in the cache. `hardSignal` aborts in-flight work; `stop()` first lets it finish.
   * Problems complete in order of the data set, `jobs` units of work at a time.
   */
  async execute(hardSignal: AbortSignal, progress: ProgressSink, headline: { strategy: string; label: string }): Promise<SolveEvalOutcome> {
    const { problems, budgets, strategies } = this.options;
    const searchStrategies = strategies.filter((s) => !isPoolStrategy(s, this.options.settings.budget));
    type Unit = { problem: number; kind: 'pool' } | { problem: number; kind: 'run'; strategy: string; budget: number };
    const queue: Unit[] = problems.flatMap((_, i) => [
      { problem: i, kind: 'pool' as const },
      ...searchStrategies.flatMap((strategy) => budgets.map((budget) => ({ problem: i, kind: 'run' as const, strategy, budget }))),
    ]);
    const pools = new Map<number, Pool>();
    const runs = new Map<number, Map<string, Map<number, StrategyRun>>>();
    const remaining = problems.map(() => 1 + searchStrategies.length * budgets.length);
    const measurements: (ProblemMeasurement | undefined)[] = problems.map(() => undefined);
    const started = Date.now();
    let doneThisRun = 0;
    let done = 0;
    let right = 0;
    let failure: unknown = null;
    const report = () => {
      const left = problems.length - done;
      const rate = doneThisRun ? (Date.now() - started) / doneThisRun : null;
      progress.update({
        problemsDone: done,
        problemsTotal: problems.length,
        generations: this.generationsSpent,
        accuracy: done ? right / done : null,
        accuracyLabel: headline.label,
        etaMs: rate === null ? null : rate * left,
      });
    };
    const finishUnit = (unit: Unit) => {
      if (--remaining[unit.problem] > 0) return;
      const m = this.measure(problems[unit.problem], pools.get(unit.problem)!, runs.get(unit.problem) ?? new Map());
      measurements[unit.problem] = m;
      done++;
      // The ETA's pace counts only problems finished once real work began (cached ones are instant).
      if (this.generationsSpent > 0) doneThisRun++;
      right += headlineCorrect(m, headline.strategy, Math.max(...budgets));
      report();
    };
    let next = 0;
    const worker = async () => {
      while (!this.stopping && failure === null && next < queue.length) {
        const unit = queue[next++];
        const problem = problems[unit.problem];
        try {
          if (unit.kind === 'pool') pools.set(unit.problem, await this.pool(problem, hardSignal));
          else {
            const run = await this.run(problem, unit.strategy, unit.budget, hardSignal);
            let byStrategy = runs.get(unit.problem);
            if (!byStrategy) runs.set(unit.problem, (byStrategy = new Map()));
            let byBudget = byStrategy.get(unit.strategy);
            if (!byBudget) byStrategy.set(unit.strategy, (byBudget = new Map()));
            byBudget.set(unit.budget, run);
          }
        } catch (err) {
          if (hardSignal.aborted || this.stopping) return;
          failure ??= err;
          return;
        }
        finishUnit(unit);
      }
    };
    report();
    await Promise.all(Array.from({ length: Math.max(1, this.options.jobs) }, worker));
    progress.done();
    if (failure !== null) throw failure;
    const complete = measurements.filter((m): m is ProblemMeasurement => m !== undefined);
    return {
      measurements: complete,
      interrupted: complete.length < problems.length,
      generationsSpent: this.generationsSpent,
      usage: complete.reduce((u, m) => addUsage(u, totalUsage(m)), emptyUsage()),
    };
  }
}

/**
 * The adaptive-stopping settings in a run's cache key, where they change what the run draws: the router's,
 * and a strategy's whose parameters include the rule (`settle`, `gainBelow`: majority, best-of-N, weighted
 * best-of-N, revisions), unless the variant sets its own (0 follows the setting); off, or for any other strategy, the key
 * stays as it was.
 */
function adaptiveKey(label: string, adaptive: AdaptiveStopping): Partial<AdaptiveStopping> {
  if (!stopsEarly(adaptive)) return {};
  const variant = parseVariant(label);
  const takes = (param: 'settle' | 'gainBelow') =>
    !variant.params[param] && (variant.strategy === 'auto' || param in STRATEGIES[variant.strategy].parameters.shape);
  const { stopWhenSettled, stopWhenGainBelow } = adaptive;
  return {
    ...(stopWhenSettled && takes('settle') ? { stopWhenSettled } : {}),
    ...(stopWhenGainBelow && takes('gainBelow') ? { stopWhenGainBelow } : {}),
  };
}

/** What a problem cost in all: its pool and every search run. */
function totalUsage(m: ProblemMeasurement): Usage {
  let usage = m.pool.usage;
  for (const byBudget of m.runs.values()) for (const { run } of byBudget.values()) usage = addUsage(usage, run.usage);
  return usage;
}

function headlineCorrect(m: ProblemMeasurement, strategy: string, budget: number): number {
  const sampled = m.sampled.get(strategy as SampleStrategy);
  if (sampled) return sampled.get(budget)?.correct ?? 0;
  return m.runs.get(strategy)?.get(budget)?.correct ? 1 : 0;
}
