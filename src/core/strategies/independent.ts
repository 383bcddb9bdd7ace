// The shared body of the three independent-sampling strategies: N samples, one vote rule each. With
// adaptive stopping (the `settle` and `gainBelow` parameters, or the settings budget.stopWhenSettled and
// budget.stopWhenGainBelow) the samples come in waves and the run stops once the vote is settled, or once
// drawing on would gain too little (src/core/stopping/settled.ts). Best-of-N has the settled rule only.
import type { StrategyName } from '../../shared/strategies';
import { solvePrompt } from '../prompts';
import { topScoreConfidence, voteOutlook, type SettledQuery, type VoteOutlook } from '../stopping/settled';
import { inWaves, ownStopRules, stopRules, stopsAtAll } from '../stopping/waves';
import { selectAnswer, withStepAggregation, type Aggregation, type StepAggregation } from '../voting';
import { BEST_PARAMS, MAJORITY_PARAMS, parseParams, WEIGHTED_PARAMS, type ParamSchema } from './params';
import { drawSolutions } from './sampling';
import type { Candidate, Strategy } from './types';

type Planned = { n: number; stepAggregation?: StepAggregation; settle?: number; gainBelow?: number };

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
      const { settle, gainBelow, ...params } = parseParams(name, parameters, raw) as Omit<Planned, 'n'>;
      const notes = needsScores && !hasVerifier ? [`${name} without a verifier falls back to a majority vote`] : [];
      return { params: { ...params, ...ownStopRules({ settle, gainBelow }), n: budget + reused }, notes };
    },
    async run(ctx) {
      const own = stopRules(ctx.params, ctx.settings.budget);
      // Best-of-N claims no gain (see outlookFor): only its settled rule stops it.
      const rules = aggregation === 'best' ? { ...own, gainBelow: 0 } : own;
      const draw = { origin: 'sample' as const, messages: solvePrompt(ctx.problem), score: needsScores };
      // Probe samples (already in the pool) are part of the N; without stopping, draw the rest in one go.
      if (!stopsAtAll(rules)) return void (await drawSolutions(ctx, { ...draw, count: ctx.budget }));
      // Every wave continues the first one's seed series (seed + samples drawn), so a settled run's samples
      // are the first ones a fixed run would draw.
      const series = { offset: 0 };
      const probed = ctx.probe.length;
      await inWaves(ctx, rules, {
        ceiling: ctx.params.n,
        done: probed,
        run: async (from, count) => {
          await drawSolutions(ctx, { ...draw, count, series: Object.assign(series, { offset: from - probed }) });
        },
        votes: () => select(ctx.pool, ctx.params).votes,
        outlook: (query) =>
          outlookFor(
            aggregation,
            query,
            ctx.pool.some((c) => c.score !== undefined),
          ),
      });
    },
    select,
  };
}
