// Adaptive stopping's loop, shared by the strategies that vote over independent units (samples, or
// revision chains): the units run a wave at a time, the vote is tested after each wave, and a run that
// stops says why on its budget meter. The tests themselves are in settled.ts.
import type { EarlyStop } from '../budget';
import type { StrategyContext } from '../strategies/types';
import { voteOutlook, waveSize, type SettledQuery, type VoteOutlook, type VoteTally } from './settled';

/** When a run stops early: at this settled confidence, or below this gain (0: that rule is off). */
export interface StopRules {
  settle: number;
  gainBelow: number;
}

/** A run's rules: the strategy's own parameters where set, else the settings (budget.stopWhenSettled, budget.stopWhenGainBelow). */
export function stopRules(
  params: { settle?: number; gainBelow?: number },
  budget: { stopWhenSettled: number; stopWhenGainBelow: number },
): StopRules {
  return { settle: params.settle || budget.stopWhenSettled, gainBelow: params.gainBelow || budget.stopWhenGainBelow };
}

/** The stopping rules a strategy's own parameters set, for its route: 0 (the default) defers to the settings, so it is left out. */
export function ownStopRules(params: { settle?: number; gainBelow?: number }): Partial<StopRules> {
  return { ...(params.settle ? { settle: params.settle } : {}), ...(params.gainBelow ? { gainBelow: params.gainBelow } : {}) };
}

export const stopsAtAll = (rules: StopRules): boolean => rules.settle > 0 || rules.gainBelow > 0;

export interface WavePlan {
  /** Units the run may use, samples or chains: the vote's ceiling. */
  ceiling: number;
  /** Units already done before the first wave (the router's probe samples): they are the first check. */
  done: number;
  /** The least units the first wave runs (revisions: every chain that starts from a probe sample). */
  firstWave?: number;
  /** Runs units from .. from + count - 1. */
  run: (from: number, count: number) => Promise<void>;
  /** The vote now. */
  votes: () => readonly VoteTally[];
  /** What drawing to the ceiling can still do to the vote (default: voteOutlook). */
  outlook?: (query: SettledQuery) => VoteOutlook;
}

/** Runs the plan's units a wave at a time until the vote stops the run, the budget runs out or the ceiling is reached. */
export async function inWaves(ctx: Pick<StrategyContext, 'settings' | 'run' | 'signal'>, rules: StopRules, plan: WavePlan): Promise<void> {
  const { ceiling } = plan;
  const wave = waveSize(ceiling, ctx.settings.budget.concurrency, rules.gainBelow > 0);
  const outlook = plan.outlook ?? voteOutlook;
  const stops = (drawn: number): boolean => {
    const votes = plan.votes();
    // Weights that are counts (majority, or no scores) are tested as counts: the two rules then agree anyway.
    const weighted = votes.some((v) => v.weight !== v.count);
    const stop = earlyStop(outlook({ votes, drawn, ceiling, weighted }), rules);
    if (stop) ctx.run.meter.stopEarly(stop);
    return stop !== null;
  };
  let done = plan.done;
  if (done > 0 && stops(done)) return;
  while (done < ceiling) {
    const count = Math.min(ceiling - done, done === plan.done ? Math.max(wave, plan.firstWave ?? 0) : wave);
    await plan.run(done, count);
    done += count;
    if (done >= ceiling || ctx.run.meter.remaining === 0 || ctx.signal.aborted || stops(done)) return;
  }
}

/** The rule that ends the run, if one does: settled first (the stronger claim), then a low gain. */
function earlyStop(outlook: VoteOutlook, rules: StopRules): EarlyStop | null {
  if (rules.settle > 0 && outlook.confidence >= rules.settle) return { reason: 'settled', confidence: outlook.confidence };
  if (rules.gainBelow > 0 && outlook.gain < rules.gainBelow) return { reason: 'low-gain', gain: outlook.gain };
  return null;
}
