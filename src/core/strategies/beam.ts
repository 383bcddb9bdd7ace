// Beam search with a PRM: N paths, width M: keep the best N/M partial solutions per round and expand
// each M ways. Costs N generations; at most N partial solutions per round.
import { z } from 'zod';
import { selectAnswer } from '../voting';
import { parseParams } from './params';
import { MAX_ROUNDS, stepSearch } from './search';
import type { Strategy } from './types';

export const beamParams = z.strictObject({
  width: z
    .int()
    .min(2)
    .default(4)
    .describe('Beam width M: each kept partial solution is expanded M ways and the best N/M are kept per round'),
});

type BeamPlan = z.output<typeof beamParams> & { n: number; kept: number; maxRounds: number };

export const beam: Strategy<BeamPlan> = {
  name: 'beam',
  parameters: beamParams,
  plan(budget, raw) {
    const params = parseParams('beam', beamParams, raw);
    const notes: string[] = [];
    let width = params.width;
    if (width > budget) {
      notes.push(`beam width ${width} shrunk to ${budget} to fit a budget of ${budget}`);
      width = budget;
    }
    const kept = Math.max(1, Math.ceil(budget / width));
    return { params: { ...params, n: budget, width, kept, maxRounds: MAX_ROUNDS }, notes };
  },
  async run(ctx) {
    await stepSearch(ctx, { paths: ctx.budget, width: ctx.params.width, lookahead: 0 });
  },
  select(pool) {
    return selectAnswer(pool, pool.some((c) => c.score !== undefined) ? 'weighted' : 'majority');
  },
};
