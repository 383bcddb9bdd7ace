// The shared body of the three independent-sampling strategies: N samples, one vote rule each.
import type { StrategyName } from '../../shared/strategies';
import { solvePrompt } from '../prompts';
import { selectAnswer, type Aggregation } from '../voting';
import { NO_PARAMS, parseParams } from './params';
import { drawSolutions } from './sampling';
import type { Strategy } from './types';

/** N is the budget, so these strategies take no parameters. */
export function independentSampling(name: StrategyName, aggregation: Aggregation): Strategy<{ n: number }> {
  const needsScores = aggregation !== 'majority';
  return {
    name,
    parameters: NO_PARAMS,
    plan(budget, raw, hasVerifier, reused) {
      const params = parseParams(name, NO_PARAMS, raw);
      const notes = needsScores && !hasVerifier ? [`${name} without a verifier falls back to a majority vote`] : [];
      return { params: { ...params, n: budget + reused }, notes };
    },
    async run(ctx) {
      // Probe samples (already in the pool) are part of the N; draw the rest in one go.
      await drawSolutions(ctx, { count: ctx.budget, origin: 'sample', messages: solvePrompt(ctx.problem), score: needsScores });
    },
    select(pool) {
      const scored = pool.some((c) => c.score !== undefined);
      return selectAnswer(pool, needsScores && scored ? aggregation : 'majority');
    },
  };
}
