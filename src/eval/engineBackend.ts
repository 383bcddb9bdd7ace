// The eval's backend over the engine's public API: pools are drawn as `weighted-best-of-n` runs (or
// `majority` without a verifier) whose `final` events carry each sample's answer and last-step score.
import { createEngine, type Engine } from '../core/index';
import type { SolveEvent } from '../shared/events';
import type { PonderSettings, Secrets } from '../shared/settings';
import type { StrategyChoice } from '../shared/strategies';
import type { DrawnSamples, EvalBackend, PoolSample, StrategyRun } from './backend';
import { parseVariant } from './variants';

async function drain(run: AsyncIterable<SolveEvent>, onEvent: (e: SolveEvent) => void): Promise<void> {
  for await (const event of run) onEvent(event);
}

export class EngineBackend implements EvalBackend {
  private readonly engine: Engine;
  readonly identity: EvalBackend['identity'];
  readonly hasVerifier: boolean;

  constructor(
    private readonly settings: PonderSettings,
    private readonly secrets: Secrets,
  ) {
    this.engine = createEngine(settings, secrets);
    this.hasVerifier = settings.verifier.kind !== 'none';
    this.identity = {
      policyUrl: settings.policy.url,
      policyModel: settings.policy.model,
      verifierKind: settings.verifier.kind,
      verifierUrl: this.hasVerifier ? settings.verifier.url : null,
      verifierModel: this.hasVerifier ? settings.verifier.model : null,
    };
  }

  async drawSamples(problem: string, n: number, signal: AbortSignal, seed: number): Promise<DrawnSamples> {
    // Best-of-N draws (and scores, with a verifier) the same samples as the two voting strategies, and it
    // never stops early, so a pool is drawn whole whatever budget.stopWhenSettled and budget.stopWhenGainBelow say.
    const strategy: StrategyChoice = 'best-of-n';
    // No delta events: the eval reads only the final answers, and unstreamed requests cost far less CPU.
    const run = this.engine.solve({ problem, budget: n, strategy, signal, seed, deltas: false });
    const finals = new Map<string, PoolSample>();
    const warnings: string[] = [];
    await drain(run, (e) => {
      if (e.type === 'final') finals.set(e.candidateId, { answer: e.answer, lastScore: e.score ?? null });
      else if (e.type === 'error') warnings.push(e.message);
    });
    const result = await run.result;
    signal.throwIfAborted();
    if (result.error) throw new Error(result.error);
    const samples = [...finals.values()];
    // An unscored sample would silently turn verifier strategies into majority votes: refuse it.
    if (this.hasVerifier && samples.some((s) => s.lastScore === null))
      throw new Error(
        `the verifier did not score every sample${warnings.length ? `: ${warnings[0]}` : ''} (check --verifier-url and --verifier-model)`,
      );
    return { samples, usage: result.usage };
  }

  async runStrategy(
    problem: string,
    strategy: string,
    budget: number,
    signal: AbortSignal,
    options: { seed: number; probe: boolean },
  ): Promise<StrategyRun> {
    // A variant (`beam:width=16`) runs its strategy with those parameters; a bare name, with the defaults.
    const variant = parseVariant(strategy);
    const run = this.engine.solve({
      problem,
      budget,
      strategy: variant.strategy,
      ...(Object.keys(variant.params).length ? { params: variant.params } : {}),
      signal,
      seed: options.seed,
      probe: options.probe,
      deltas: false,
    });
    let params: StrategyRun['params'] = {};
    let probe = 0;
    let probeSignal: number | null = null;
    await drain(run, (e) => {
      if (e.type === 'difficulty') {
        probe = e.probe.length;
        probeSignal = e.signal === 'fixed' ? null : e.value;
      }
      if (e.type === 'route') params = { ...e.params, ...(strategy === 'auto' ? { routed: e.strategy } : {}) };
    });
    const result = await run.result;
    signal.throwIfAborted();
    const probed: StrategyRun['params'] = probeSignal === null ? { probe } : { probe, probeSignal: Math.round(probeSignal * 1e6) / 1e6 };
    return {
      answer: result.answer,
      usage: result.usage,
      params: { ...params, ...probed },
      partial: result.partial || Boolean(result.error),
      error: result.error,
    };
  }

  async scoreSteps(problem: string, steps: readonly string[], signal: AbortSignal): Promise<number[]> {
    const solution = steps.join(this.settings.verifier.stepDelimiter);
    const scored = await this.engine.scoreSteps({ problem, solution, signal });
    if (scored.steps.length !== steps.length)
      throw new Error(`the verifier scored ${scored.steps.length} steps of a ${steps.length}-step solution`);
    return scored.steps.map((s) => s.score);
  }

  async describe(signal: AbortSignal): Promise<{ policyModel: string; verifierModel: string | null; simulated: boolean }> {
    const caps = await this.engine.capabilities({ signal });
    if (!caps.policy.reachable)
      throw new Error(`cannot reach the policy endpoint at ${this.settings.policy.url}: ${caps.policy.error ?? 'no answer'}`);
    return {
      policyModel: caps.policy.model ?? this.settings.policy.model,
      verifierModel: caps.verifier.model,
      simulated: await this.servedBySimulator(signal),
    };
  }

  /** `ponder sim` lists its models as owned by "ponder-sim (simulated)" (in strict replay, by "... recorded outputs"). */
  private async servedBySimulator(signal: AbortSignal): Promise<boolean> {
    try {
      const headers: Record<string, string> = this.secrets.policyApiKey ? { authorization: `Bearer ${this.secrets.policyApiKey}` } : {};
      const response = await fetch(`${this.settings.policy.url.replace(/\/$/, '')}/models`, { headers, signal });
      const body: unknown = await response.json();
      return JSON.stringify(body).includes('simulated');
    } catch {
      return false;
    }
  }
}
