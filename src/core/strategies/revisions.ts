// Sequential revisions: N generations split into chains; each new attempt revises the chain's current
// state with up to 4 earlier attempts in context. Acceptance `always` (the paper) moves the state to
// every new attempt. `stochastic-climb` keeps a new attempt with probability min(1, (s_new/s_old)^(1/T))
// on the verifier's last-step score, and a rejected move votes for the current state again. That is the
// Metropolis rule for a target proportional to s^(1/T), but not a Metropolis-Hastings sampler of it: the
// proposal (a revision of the current attempt, with earlier attempts in context) is neither symmetric nor
// corrected for, and the chain is not Markov; so it is named for what it does, hill climbing with noise.
// With adaptive stopping the chains, the vote's independent units, start a wave at a time, and the run
// stops once their vote is settled (or has little left to gain).
import { z } from 'zod';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { REVISION_ACCEPTANCES } from '../../shared/settingsSchema';
import { revisionPrompt, solvePrompt } from '../prompts';
import { inWaves, ownStopRules, stopRules, stopsAtAll } from '../stopping/waves';
import { selectAcrossChains } from '../voting';
import { GAIN_BELOW_PARAM, parseParams, SETTLE_PARAM } from './params';
import { drawSolutions, emitFinal, requestSeed } from './sampling';
import { distribute } from './search';
import type { Candidate, Strategy, StrategyContext } from './types';

export const MAX_ATTEMPTS_IN_CONTEXT = 4;

// acceptance and temperature come from the ponder.revisions.* settings unless given (solve merges the user's in first).
export const revisionsParams = z.strictObject({
  length: z
    .int()
    .min(1)
    .default(4)
    .describe('Chain length L: the N generations run as N/L parallel chains of L sequential attempts (1: parallel sampling only)'),
  acceptance: z
    .enum(REVISION_ACCEPTANCES)
    .default(DEFAULT_SETTINGS.revisions.acceptance)
    .describe(
      "How a new attempt replaces its chain's state: always (the paper) or stochastic-climb (metropolis: its former name); absent: ponder.revisions.acceptance",
    ),
  temperature: z
    .number()
    .gt(0)
    .default(DEFAULT_SETTINGS.revisions.temperature)
    .describe(
      'stochastic-climb temperature T: a worse attempt is kept with probability (s_new/s_old)^(1/T), lower is greedier; absent: ponder.revisions.temperature',
    ),
  // Adaptive stopping over the chains' answers: chains start a wave at a time (src/core/stopping/waves.ts).
  settle: SETTLE_PARAM,
  gainBelow: GAIN_BELOW_PARAM,
});

type RevisionsPlan = Omit<z.output<typeof revisionsParams>, 'acceptance' | 'settle' | 'gainBelow'> & {
  settle?: number;
  gainBelow?: number;
  acceptance: 'always' | 'stochastic-climb';
  chains: number;
  selection: 'verifier-weighted' | 'majority';
};

/** The probability that stochastic-climb keeps a new attempt: min(1, (s_new/s_old)^(1/T)). */
export function acceptanceProbability(scoreNew: number, scoreOld: number, temperature: number): number {
  if (!(scoreOld > 0)) return 1;
  return Math.min(1, Math.pow(Math.max(0, scoreNew) / scoreOld, 1 / temperature));
}

export const revisions: Strategy<RevisionsPlan> = {
  name: 'revisions',
  parameters: revisionsParams,
  plan(budget, raw, hasVerifier, reused) {
    const { settle, gainBelow, ...params } = parseParams('revisions', revisionsParams, raw);
    const notes: string[] = [];
    const total = budget + reused;
    let length = params.length;
    if (length > total) {
      notes.push(`chain length ${length} shrunk to ${total} to fit a budget of ${total}`);
      length = total;
    }
    const chains = Math.max(reused, Math.ceil(total / length));
    if (total % chains) notes.push(`${chains} chains share ${total} generations (lengths ${distribute(total, chains).join(', ')})`);
    let acceptance: RevisionsPlan['acceptance'] = params.acceptance === 'metropolis' ? 'stochastic-climb' : params.acceptance;
    if (params.acceptance === 'metropolis') notes.push('acceptance "metropolis" is now named stochastic-climb');
    if (acceptance === 'stochastic-climb' && !hasVerifier) {
      notes.push('stochastic-climb acceptance needs verifier scores; using always');
      acceptance = 'always';
    }
    const selection = hasVerifier ? ('verifier-weighted' as const) : ('majority' as const);
    return {
      params: { ...params, ...ownStopRules({ settle, gainBelow }), length, chains, acceptance, selection },
      notes,
    };
  },
  async run(ctx) {
    const lengths = distribute(ctx.budget + ctx.probe.length, ctx.params.chains);
    const chains = (from: number, count: number) =>
      Promise.all(lengths.slice(from, from + count).map((length, i) => runChain(ctx, from + i, length, ctx.probe[from + i])));
    const rules = stopRules(ctx.params, ctx.settings.budget);
    if (!stopsAtAll(rules)) return void (await chains(0, lengths.length));
    // The chains are the vote's independent units: whole chains start a wave at a time, the first wave
    // holding every chain that starts from a probe sample.
    await inWaves(ctx, rules, {
      ceiling: lengths.length,
      done: 0,
      firstWave: ctx.probe.length,
      run: async (from, count) => void (await chains(from, count)),
      votes: () => revisions.select(ctx.pool, ctx.params).votes,
    });
  },
  select(pool, params) {
    const byChain = new Map<number, Candidate[]>();
    for (const c of pool) byChain.set(c.chain ?? -1, [...(byChain.get(c.chain ?? -1) ?? []), c]);
    const weighted = params.selection === 'verifier-weighted' && pool.some((c) => c.score !== undefined);
    return selectAcrossChains([...byChain.values()], weighted ? 'weighted' : 'majority');
  },
};

/** A uniform draw in [0, 1): from the run seed and `key` in a seeded run, else Math.random. */
function uniform(ctx: StrategyContext, key: string): number {
  const seeded = requestSeed(ctx, key);
  return seeded === undefined ? Math.random() : seeded / 2 ** 31;
}

/** One chain of `length` attempts; a probe sample, when given, is its first attempt. */
async function runChain(ctx: StrategyContext<RevisionsPlan>, chain: number, length: number, first: Candidate | undefined): Promise<void> {
  const score = ctx.verifier !== null;
  const climb = ctx.params.acceptance === 'stochastic-climb';
  const temperature = ctx.params.temperature;
  const attempts: Candidate[] = [];
  let current: Candidate | undefined = first;
  let failed = 0;
  if (first) {
    first.chain = chain;
    attempts.push(first);
  }
  while (attempts.length < length && !ctx.signal.aborted) {
    const context = current ? [...attempts.filter((a) => a !== current).slice(-(MAX_ATTEMPTS_IN_CONTEXT - 1)), current] : [];
    const messages = context.length
      ? revisionPrompt(
          ctx.problem,
          context.map((a) => a.text),
        )
      : solvePrompt(ctx.problem);
    // Chains run concurrently: seeds come from the chain and attempt, not from the order of arrival.
    const seedKey = `chain${chain}/attempt${attempts.length}/failed${failed}`;
    const [attempt] = await drawSolutions(ctx, {
      count: 1,
      origin: current ? 'revision' : 'sample',
      messages,
      score,
      chain,
      revisionOf: current?.id,
      pool: false,
      final: false,
      seedKey,
    });
    if (!attempt) {
      // The generation failed (and was counted); the chain goes on from its current state.
      length--;
      failed++;
      continue;
    }
    attempt.chain = chain;
    attempts.push(attempt);
    const accepted =
      !current || !climb || uniform(ctx, `${seedKey}/accept`) < acceptanceProbability(attempt.score ?? 0, current.score ?? 0, temperature);
    emitFinal(ctx, attempt, climb ? accepted : undefined);
    ctx.pool.push(attempt);
    if (accepted) current = attempt;
    else {
      // The rejected attempt still shows in the vote only through the state the chain stayed on.
      attempt.multiplicity = 0;
      current!.multiplicity += 1;
    }
  }
}
