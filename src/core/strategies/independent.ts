// The shared body of the three independent-sampling strategies: N samples, one vote rule each.
import type { StrategyName } from '../../shared/strategies';
import { solvePrompt } from '../prompts';
import { selectAnswer, type Aggregation } from '../voting';
import { drawSolutions } from './sampling';
import type { Strategy } from './types';

export function independentSampling(name: StrategyName, aggregation: Aggregation): Strategy {
  const needsScores = aggregation !== 'majority';
  return {
    name,
    plan(budget, params, hasVerifier, reused) {
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
