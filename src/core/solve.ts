// One run: started -> [probe, difficulty] -> route -> the strategy's events -> result (or fatal error).
// The result is partial after a cancel; usage.generations never exceeds the budget.
import { setMaxListeners } from 'node:events';
import { emptyUsage, type ResultEvent, type SolveEvent, type SolveResult } from '../shared/events';
import type { SolveRun } from '../shared/api';
import { newRunId, type RunRequest, type SolveRequest } from '../shared/solveRequest';
import { checkSetting, settingDefinition, settingsProblems, type PonderSettings } from '../shared/settings';
import { DEFAULT_STEP_DELIMITER } from '../shared/steps';
import { isStrategyChoice, type StrategyName } from '../shared/strategies';
import { BudgetMeter } from './budget';
import { estimateDifficulty, type BinCuts } from './difficulty';
import { FatalEndpointError } from './endpoints/errors';
import type { PolicyClient, RunResources } from './endpoints/policy';
import type { ContinuationProbe } from './endpoints/continuation';
import type { ReasoningShape } from '../shared/thinking';
import { Limiter } from './limiter';
import { solvePrompt } from './prompts';
import { filterByCapabilities, loadPolicy, routeByTable, type Route } from './router/router';
import type { PolicyFile } from './router/schema';
import { AsyncQueue } from './asyncQueue';
import { STRATEGIES } from './strategies/registry';
import { drawSolutions } from './strategies/sampling';
import type { Candidate, EventInput, StrategyContext, StrategyParams } from './strategies/types';
import type { Verifier } from './verifiers/types';
import { ADD_VERIFIER, verifierHealth } from './verifiers/health';

export interface SolveDeps {
  settings: PonderSettings;
  policy: PolicyClient;
  verifier: Verifier;
  log: RunResources['log'];
}

export function startSolve(deps: SolveDeps, request: SolveRequest & { signal?: AbortSignal }): SolveRun {
  const runId = request.runId ?? newRunId();
  const channel = new AsyncQueue<SolveEvent>();
  const started = Date.now();
  const emit = (event: EventInput) => channel.push({ ...event, t: Date.now() - started } as SolveEvent);
  const result = execute(deps, { ...request, runId }, emit, started).finally(() => channel.close());
  return {
    runId,
    result,
    [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator](),
  };
}

async function execute(
  deps: SolveDeps,
  request: RunRequest & { signal?: AbortSignal },
  emit: (e: EventInput) => void,
  started: number,
): Promise<SolveResult> {
  const { settings } = deps;
  const { runId } = request;
  const budget = request.budget ?? settings.budget.generations;
  const choice = request.strategy ?? settings.strategy;
  const delimiter = settings.verifier.stepDelimiter;
  emit({
    type: 'started',
    runId,
    problem: request.problem,
    budget,
    strategy: isStrategyChoice(choice) ? choice : 'auto',
    ...(delimiter === DEFAULT_STEP_DELIMITER ? {} : { stepDelimiter: delimiter }),
  });
  const controller = new AbortController();
  // The run's private signal: requests waiting for a concurrency slot each listen to it until they get
  // one (limiter.ts removes the listener then); a budget of 64 can legitimately queue more than 10.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(request.signal?.reason);
  if (request.signal?.aborted) onAbort();
  else request.signal?.addEventListener('abort', onAbort, { once: true });

  let meter: BudgetMeter | null = null;
  const pool: Candidate[] = [];
  let strategyName: StrategyName | null = null;
  let params: StrategyParams = {};
  const fatal = (message: string): SolveResult => {
    emit({ type: 'error', message, fatal: true });
    const usage = meter?.snapshot() ?? emptyUsage();
    return {
      runId,
      answer: null,
      votes: [],
      bestCandidateId: null,
      usage,
      elapsedMs: Date.now() - started,
      strategy: strategyName,
      partial: true,
      error: message,
    };
  };
  try {
    const problems = validate(request.problem, budget, request.seed, choice, settings);
    if (problems) return fatal(problems);
    const policyFile = loadPolicy(settings.router.policyFile);
    meter = new BudgetMeter(budget, request.tokenCap ?? settings.budget.tokenCap, settings.policy.parameters);
    const run: RunResources = { limiter: new Limiter(settings.budget.concurrency), meter, log: deps.log };
    let nextId = 0;
    // A verifier that cannot score (down, or the default URL pointing at the policy server) is left out
    // of the run once, with the reason in the route, rather than failing on every candidate.
    const health = deps.verifier.kind === 'none' ? null : await verifierHealth(deps.verifier, controller.signal);
    const ctx: StrategyContext = {
      problem: request.problem,
      budget,
      params: {},
      settings,
      policy: deps.policy,
      verifier: health?.ok ? deps.verifier : null,
      run,
      signal: controller.signal,
      emit,
      newId: () => `c${++nextId}`,
      probe: [],
      pool,
      seed: request.seed,
      deltas: request.deltas !== false,
    };
    const verifierNote =
      health && !health.ok
        ? `the verifier at ${deps.verifier.url} cannot score steps (${health.reason}), so this run uses none; ${ADD_VERIFIER}`
        : null;
    const route = await chooseRoute(
      ctx,
      choice as 'auto' | StrategyName,
      policyFile,
      request.probe === true,
      verifierNote,
      request.params ?? {},
    );
    const strategy = STRATEGIES[route.strategy];
    strategyName = route.strategy;
    const remaining = meter.remaining;
    const plan =
      remaining > 0
        ? strategy.plan(remaining, route.params, ctx.verifier !== null, ctx.probe.length)
        : { params: route.params, notes: ['the probe spent the whole budget; its samples decide'] };
    params = plan.params;
    const probeNote = ctx.probe.length
      ? [`the probe's ${ctx.probe.length} sample(s) count against the budget of ${budget} and ${reuseNote(route.strategy)}`]
      : [];
    emit({
      type: 'route',
      strategy: route.strategy,
      params,
      reason: [route.reason, ...probeNote, ...plan.notes].join('; '),
      ...(route.workarounds ? { workarounds: route.workarounds } : {}),
    });
    if (remaining > 0) await strategy.run({ ...ctx, budget: remaining, params });
    return finish(ctx, strategy.select(pool, params), false);
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof FatalEndpointError)) {
      if (!meter || !strategyName) return finish(null, { answer: null, votes: [], bestCandidateId: null }, true);
      return finish(null, STRATEGIES[strategyName].select(pool, params), true);
    }
    controller.abort(); // stop whatever else of the run is still in flight
    return fatal(err instanceof Error ? err.message : String(err));
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }

  function finish(
    ctx: StrategyContext | null,
    selection: { answer: string | null; votes: ResultEvent['votes']; bestCandidateId: string | null },
    cancelled: boolean,
  ): SolveResult {
    const usage = meter?.snapshot() ?? emptyUsage();
    const partial = cancelled || usage.failedGenerations > 0;
    const stopped = meter ? { stopped: meter.stopInfo(cancelled) } : {};
    emit({ type: 'usage', ...usage, ...stopped });
    const elapsedMs = Date.now() - started;
    emit({ type: 'result', ...selection, usage, elapsedMs, partial, ...stopped });
    return { runId, ...selection, usage, elapsedMs, strategy: strategyName, partial, ...stopped };
  }
}

async function chooseRoute(
  ctx: StrategyContext,
  choice: 'auto' | StrategyName,
  policyFile: PolicyFile,
  probeExplicit: boolean,
  verifierNote: string | null,
  requested: StrategyParams,
): Promise<Route> {
  const hasVerifier = ctx.verifier !== null;
  if (choice === 'auto' && Object.keys(requested).length)
    throw new Error("a request's params apply to an explicit strategy; with auto each route takes its params from the policy file's rows");
  let route: Route;
  if (choice === 'auto' || probeExplicit) {
    const probeSize = Math.min(ctx.settings.difficulty.probeSize, Math.floor(ctx.budget / 2));
    if (probeSize > 0)
      ctx.probe = await drawSolutions(ctx, { count: probeSize, origin: 'probe', messages: solvePrompt(ctx.problem), score: hasVerifier });
    const estimate = estimateDifficulty(ctx.probe, {
      verifier: policyFile.thresholds.verifier as BinCuts,
      agreement: policyFile.thresholds.agreement as BinCuts,
    });
    ctx.emit({ type: 'difficulty', ...estimate, probe: ctx.probe.map((c) => c.id) });
    const signal =
      estimate.signal === 'fixed' ? 'no probe fits in this budget, bin fixed at 3' : `${estimate.signal} ${estimate.value.toFixed(2)}`;
    if (choice === 'auto') {
      route = routeByTable(policyFile, estimate.bin, ctx.budget);
      route = { ...route, reason: `auto: ${signal}; ${route.reason}` };
    } else
      route = {
        strategy: choice,
        params: { ...(policyFile.strategyDefaults?.[choice] ?? {}), ...requested },
        reason: `${choice} chosen explicitly, after the probe (${signal})`,
      };
  } else {
    route = {
      strategy: choice,
      params: { ...(policyFile.strategyDefaults?.[choice] ?? {}), ...requested },
      reason: `${choice} chosen explicitly`,
    };
  }
  if (route.strategy === 'revisions')
    route.params = { acceptance: ctx.settings.revisions.acceptance, temperature: ctx.settings.revisions.temperature, ...route.params };
  const needsContinuation = route.strategy === 'beam' || route.strategy === 'lookahead';
  // Step-level search must know before it starts whether the policy reasons; other strategies learn it from their replies.
  const reasoning = needsContinuation ? await reasoningOrKnown(ctx) : ctx.policy.reasoning;
  const probe = needsContinuation && reasoning === null ? await probeOrFallback(ctx) : null;
  const filtered = filterByCapabilities(
    route,
    { continuation: probe === null || probe.mode !== 'none', verifier: hasVerifier, reasoning: reasoning !== null },
    policyFile,
  );
  // Name every capability worked around: a dropped verifier, how continuation works when it is not plain.
  const notes = [
    verifierNote,
    probe && (probe.mode !== 'continue-final-message' || probe.trimsPrefix) ? `continuation: ${probe.note}` : null,
  ];
  if (!ctx.policy.supportsN) notes.push(`${ctx.policy.target} takes one choice per request, so every generation is its own request`);
  const workarounds = notes.filter((n): n is string => n !== null);
  if (filtered.strategy !== route.strategy) workarounds.unshift(filtered.reason.slice(route.reason.length + 2));
  const reasoningNote = reasoning === null ? null : thinkingNote(reasoning, hasVerifier);
  return {
    ...filtered,
    reason: [filtered.reason, ...notes.filter((n): n is string => n !== null), reasoningNote].filter((n) => n !== null).join('; '),
    ...(workarounds.length ? { workarounds } : {}),
  };
}

/** Whether the policy reasons: set, seen, or probed once; a probe that fails says nothing (the replies will). */
async function reasoningOrKnown(ctx: StrategyContext): Promise<ReasoningShape | null> {
  try {
    return (await ctx.policy.reasoningProbe(ctx.signal, ctx.run.log)).shape;
  } catch (err) {
    if (ctx.signal.aborted || err instanceof FatalEndpointError) throw err;
    return ctx.policy.reasoning;
  }
}

/** How a reasoning policy's output is used, for the route reason. */
function thinkingNote(shape: ReasoningShape, hasVerifier: boolean): string {
  const where = shape === 'openai' ? 'its thinking is hidden by the API' : `its thinking (${shape}) is kept apart`;
  const scoring = hasVerifier
    ? 'the verifier scores the steps of the final solution only (a final solution of one line is scored as one step)'
    : 'no verifier scores it';
  return `the policy reasons before answering: ${where}; answers come from the final solution, and ${scoring}`;
}

/** The continuation probe; a fault that outlasts its retries is not a capability: this run does without, the next probes again. */
async function probeOrFallback(ctx: StrategyContext): Promise<ContinuationProbe> {
  try {
    return await ctx.policy.continuationProbe(ctx.signal, ctx.run.log);
  } catch (err) {
    if (ctx.signal.aborted || err instanceof FatalEndpointError) throw err;
    return {
      mode: 'none',
      trimsPrefix: null,
      note: `the continuation probe failed (${err instanceof Error ? err.message : String(err)}), so this run does without step-level search`,
    };
  }
}

function reuseNote(strategy: StrategyName): string {
  switch (strategy) {
    case 'beam':
    case 'lookahead':
      return 'cannot seed the search, so they join its final vote as finished solutions';
    case 'revisions':
      return 'are the first attempts of the first chains';
    default:
      return 'are part of the N samples';
  }
}

function validate(problem: string, budget: number, seed: number | undefined, choice: unknown, settings: PonderSettings): string | null {
  if (!problem.trim()) return 'the problem is empty';
  if (!Number.isInteger(budget) || budget < 1) return `the budget must be a whole number of generations >= 1, got ${budget}`;
  if (seed !== undefined && !Number.isSafeInteger(seed)) return `the seed must be a whole number, got ${seed}`;
  const strategy = checkSetting(settingDefinition('strategy'), choice, 'the strategy');
  if (!strategy.ok) return strategy.problem;
  // Settings from mergeSettings are valid; these may have been built in code (eval, tests).
  const invalid = settingsProblems(settings);
  return invalid.length ? invalid.join('; ') : null;
}
