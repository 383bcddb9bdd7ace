// Lookahead search: beam search whose candidate steps are scored after a greedy (temperature 0)
// rollout of k more steps. With budget B it runs floor(B/(k+1)) paths, so it costs at most B = N(k+1).
import { selectAnswer } from '../voting';
import { DEFAULT_BEAM_WIDTH } from './beam';
import { stepSearch } from './search';
import { numberParam, type Strategy } from './types';

export const DEFAULT_LOOKAHEAD = 2;

export const lookahead: Strategy = {
  name: 'lookahead',
  plan(budget, params) {
    const notes: string[] = [];
    let k = Math.max(0, Math.floor(numberParam(params, 'k', DEFAULT_LOOKAHEAD)));
    if (k + 1 > budget) {
      notes.push(`lookahead k=${k} shrunk to ${budget - 1}: each path costs k+1 generations and the budget is ${budget}`);
      k = budget - 1;
    }
    const paths = Math.floor(budget / (k + 1));
    let width = Math.max(1, Math.floor(numberParam(params, 'width', DEFAULT_BEAM_WIDTH)));
    if (width > paths) {
      notes.push(`width ${width} shrunk to ${paths} (only ${paths} paths of cost ${k + 1} fit in ${budget})`);
      width = paths;
    }
    if (paths * (k + 1) < budget) notes.push(`${budget - paths * (k + 1)} generation(s) of the budget left unused: ${paths} paths x ${k + 1}`);
    return { params: { ...params, k, width, paths, n: paths, maxRounds: 40 }, notes };
  },
  async run(ctx) {
    const k = numberParam(ctx.params, 'k', DEFAULT_LOOKAHEAD);
    await stepSearch(ctx, { paths: Math.floor(ctx.budget / (k + 1)), width: numberParam(ctx.params, 'width', DEFAULT_BEAM_WIDTH), lookahead: k });
  },
  select(pool) {
    return selectAnswer(pool, pool.some((c) => c.score !== undefined) ? 'weighted' : 'majority');
  },
};
