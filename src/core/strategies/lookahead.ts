// Lookahead search: beam search whose candidate steps are scored after a greedy (temperature 0)
// rollout of k more steps. With budget B it runs floor(B/(k+1)) paths, so it costs at most B = N(k+1).
import { z } from 'zod';
import { selectAnswer } from '../voting';
import { beamParams } from './beam';
import { parseParams } from './params';
import { MAX_ROUNDS, stepSearch } from './search';
import type { Strategy } from './types';

export const lookaheadParams = beamParams.extend({
  k: z
    .int()
    .min(1)
    .default(2)
    .describe(
      'Lookahead k: steps rolled out greedily before a candidate step is scored; each path costs k+1 generations (for k = 0 choose beam)',
    ),
});

type LookaheadPlan = z.output<typeof lookaheadParams> & { paths: number; n: number; maxRounds: number };

export const lookahead: Strategy<LookaheadPlan> = {
  name: 'lookahead',
  parameters: lookaheadParams,
  plan(budget, raw) {
    const params = parseParams('lookahead', lookaheadParams, raw);
    const notes: string[] = [];
    let k = params.k;
    if (k + 1 > budget) {
      notes.push(`lookahead k=${k} shrunk to ${budget - 1}: each path costs k+1 generations and the budget is ${budget}`);
      k = budget - 1;
    }
    const paths = Math.floor(budget / (k + 1));
    let width = params.width;
    if (width > paths) {
      notes.push(`width ${width} shrunk to ${paths} (only ${paths} paths of cost ${k + 1} fit in ${budget})`);
      width = paths;
    }
    if (paths * (k + 1) < budget)
      notes.push(`${budget - paths * (k + 1)} generation(s) of the budget left unused: ${paths} paths x ${k + 1}`);
    return { params: { ...params, k, width, paths, n: paths, maxRounds: MAX_ROUNDS }, notes };
  },
  async run(ctx) {
    await stepSearch(ctx, { paths: ctx.params.paths, width: ctx.params.width, lookahead: ctx.params.k });
  },
  select(pool) {
    return selectAnswer(pool, pool.some((c) => c.score !== undefined) ? 'weighted' : 'majority');
  },
};
