// Beam search with a PRM: N paths, width M: keep the best N/M partial solutions per round and expand
// each M ways. Costs N generations; at most N partial solutions per round.
import { selectAnswer } from '../voting';
import { stepSearch } from './search';
import { numberParam, type Strategy } from './types';

export const DEFAULT_BEAM_WIDTH = 4;

export const beam: Strategy = {
  name: 'beam',
  plan(budget, params) {
    const notes: string[] = [];
    let width = Math.max(1, Math.floor(numberParam(params, 'width', DEFAULT_BEAM_WIDTH)));
    if (width > budget) {
      notes.push(`beam width ${width} shrunk to ${budget} to fit a budget of ${budget}`);
      width = budget;
    }
    const kept = Math.max(1, Math.ceil(budget / width));
    return { params: { ...params, n: budget, width, kept, maxRounds: 40 }, notes };
  },
  async run(ctx) {
    await stepSearch(ctx, { paths: ctx.budget, width: numberParam(ctx.params, 'width', DEFAULT_BEAM_WIDTH), lookahead: 0 });
  },
  select(pool) {
    return selectAnswer(pool, pool.some((c) => c.score !== undefined) ? 'weighted' : 'majority');
  },
};
