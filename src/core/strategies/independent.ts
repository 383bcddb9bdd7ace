// The shared body of the three independent-sampling strategies: N samples, one vote rule each. With
// adaptive stopping (the `settle` and `gainBelow` parameters, or the settings budget.stopWhenSettled and
// budget.stopWhenGainBelow) the samples come in waves and the run stops once the vote is settled, or once
// drawing on would gain too little (src/core/stopping/settled.ts). Best-of-N has the settled rule only.
import type { StrategyName } from '../../shared/strategies';
import { solvePrompt } from '../prompts';
import type { EarlyStop } from '../budget';
import { topScoreConfidence, voteOutlook, waveSize, type SettledQuery, type VoteOutlook } from '../stopping/settled';
import { selectAnswer, withStepAggregation, type Aggregation, type StepAggregation } from '../voting';
import { BEST_PARAMS, MAJORITY_PARAMS, parseParams, WEIGHTED_PARAMS, type ParamSchema } from './params';
import { drawSolutions } from './sampling';
import type { Candidate, Strategy, StrategyContext } from './types';

type Planned = { n: number; stepAggregation?: StepAggregation; settle?: number; gainBelow?: number };

/** When a run stops early: at this settled confidence, or below this gain (0: that rule is off). */
type StopRules = { settle: number; gainBelow: number };

/** The parameters each vote rule takes. */
function schemaFor(aggregation: Aggregation): ParamSchema {
  if (aggregation === 'majority') return MAJORITY_PARAMS;
  return aggregation === 'weighted' ? WEIGHTED_PARAMS : BEST_PARAMS;
}

/**
 * What drawing to the ceiling can still do to the vote: best-of-N's top score (it claims no gain, so the gain
 * rule never fires), else the vote's shares (best-of-N without scores is a majority vote).
 */
function outlookFor(aggregation: Aggregation, query: SettledQuery, scored: boolean): VoteOutlook {
  return aggregation === 'best' && scored ? { confidence: topScoreConfidence(query), gain: 1 } : voteOutlook(query);
}

/** N is the budget; the verifier strategies take how step scores aggregate (STEP_SCORE_PARAMS). */
export function independentSampling(name: StrategyName, aggregation: Aggregation): Strategy<Planned> {
  const needsScores = aggregation !== 'majority';
  const parameters = schemaFor(aggregation);
  const select = (pool: readonly Candidate[], params: Partial<Planned>) => {
    const scored = pool.some((c) => c.score !== undefined);
    if (!needsScores || !scored) return selectAnswer(pool, 'majority');
    return selectAnswer(withStepAggregation(pool, params.stepAggregation ?? 'last'), aggregation);
  };
  return {
    name,
    parameters,
    plan(budget, raw, hasVerifier, reused) {
      // 0 (the default) defers to the setting: only a strategy's own rules show in the route.
      const { settle, gainBelow, ...params } = parseParams(name, parameters, raw) as Omit<Planned, 'n'>;
      const notes = needsScores && !hasVerifier ? [`${name} without a verifier falls back to a majority vote`] : [];
      return { params: { ...params, ...(settle ? { settle } : {}), ...(gainBelow ? { gainBelow } : {}), n: budget + reused }, notes };
    },
    async run(ctx) {
      const { budget } = ctx.settings;
      const rules: StopRules = {
        settle: ctx.params.settle || budget.stopWhenSettled,
        gainBelow: aggregation === 'best' ? 0 : ctx.params.gainBelow || budget.stopWhenGainBelow,
      };
      const draw = { origin: 'sample' as const, messages: solvePrompt(ctx.problem), score: needsScores };
      // Probe samples (already in the pool) are part of the N; without stopping, draw the rest in one go.
      if (rules.settle <= 0 && rules.gainBelow <= 0) return void (await drawSolutions(ctx, { ...draw, count: ctx.budget }));
      const series = { offset: 0 };
      await drawInWaves(
        ctx,
        rules,
        (count, offset) => drawSolutions(ctx, { ...draw, count, series: Object.assign(series, { offset }) }),
        select,
        (query) =>
          outlookFor(
            aggregation,
            query,
            ctx.pool.some((c) => c.score !== undefined),
          ),
      );
    },
    select,
  };
}

/**
 * Draws the budget a wave at a time and tests the vote after each. Every wave continues the first one's
 * seed series (seed + samples drawn), so a settled run's samples are the first ones a fixed run would draw.
 */
async function drawInWaves(
  ctx: StrategyContext<Planned>,
  rules: StopRules,
  drawWave: (count: number, offset: number) => Promise<Candidate[]>,
  select: (pool: readonly Candidate[], params: Partial<Planned>) => ReturnType<typeof selectAnswer>,
  outlook: (query: SettledQuery) => VoteOutlook,
): Promise<void> {
  const ceiling = ctx.params.n;
  const wave = waveSize(ceiling, ctx.settings.budget.concurrency, rules.gainBelow > 0);
  const stops = (drawn: number): boolean => {
    const votes = select(ctx.pool, ctx.params).votes;
    // Weights that are counts (majority, or no scores) are tested as counts: the two rules then agree anyway.
    const weighted = votes.some((v) => v.weight !== v.count);
    const stop = earlyStop(outlook({ votes, drawn, ceiling, weighted }), rules);
    if (stop) ctx.run.meter.stopEarly(stop);
    return stop !== null;
  };
  // The router's probe samples are the first wave: a probe that already ends the vote ends the run.
  if (ctx.probe.length > 0 && stops(ctx.probe.length)) return;
  let asked = 0;
  while (asked < ctx.budget) {
    const count = Math.min(wave, ctx.budget - asked);
    await drawWave(count, asked);
    asked += count;
    if (ctx.run.meter.remaining === 0 || stops(ctx.probe.length + asked)) return;
  }
}

/** The rule that ends the run, if one does: settled first (the stronger claim), then a low gain. */
function earlyStop(outlook: VoteOutlook, rules: StopRules): EarlyStop | null {
  if (rules.settle > 0 && outlook.confidence >= rules.settle) return { reason: 'settled', confidence: outlook.confidence };
  if (rules.gainBelow > 0 && outlook.gain < rules.gainBelow) return { reason: 'low-gain', gain: outlook.gain };
  return null;
}
