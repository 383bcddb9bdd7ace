// The shared body of the three independent-sampling strategies: N samples, one vote rule each.
import type { StrategyName } from '../../shared/strategies';
import { solvePrompt } from '../prompts';
import { selectAnswer, withStepAggregation, type Aggregation, type StepAggregation } from '../voting';
import { NO_PARAMS, parseParams, STEP_SCORE_PARAMS } from './params';
import { drawSolutions } from './sampling';
import type { Strategy } from './types';

/** N is the budget; the verifier strategies take how step scores aggregate (STEP_SCORE_PARAMS). */
export function independentSampling(
  name: StrategyName,
  aggregation: Aggregation,
): Strategy<{ n: number; stepAggregation?: StepAggregation }> {
  const needsScores = aggregation !== 'majority';
  const parameters = needsScores ? STEP_SCORE_PARAMS : NO_PARAMS;
  return {
    name,
    parameters,
    plan(budget, raw, hasVerifier, reused) {
      const params = parseParams(name, parameters, raw);
      const notes = needsScores && !hasVerifier ? [`${name} without a verifier falls back to a majority vote`] : [];
      return { params: { ...params, n: budget + reused }, notes };
    },
    async run(ctx) {
      // Probe samples (already in the pool) are part of the N; draw the rest in one go.
      await drawSolutions(ctx, { count: ctx.budget, origin: 'sample', messages: solvePrompt(ctx.problem), score: needsScores });
    },
    select(pool, params) {
      const scored = pool.some((c) => c.score !== undefined);
      if (!needsScores || !scored) return selectAnswer(pool, 'majority');
      return selectAnswer(withStepAggregation(pool, params.stepAggregation ?? 'last'), aggregation);
    },
  };
}
