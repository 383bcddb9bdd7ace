// Sequential revisions: N generations split into chains; each new attempt revises the chain's current
// state with up to 4 earlier attempts in context. Acceptance `always` (the paper) moves the state to
// every new attempt; `metropolis` keeps it with probability min(1, (s_new/s_old)^(1/T)) on the
// verifier's last-step score, and a rejected move votes for the current state again (an MCMC sample).
import { revisionPrompt, solvePrompt } from '../prompts';
import { selectAcrossChains } from '../voting';
import { drawSolutions, emitFinal, requestSeed } from './sampling';
import { distribute } from './search';
import { numberParam, type Candidate, type Strategy, type StrategyContext } from './types';

export const DEFAULT_CHAIN_LENGTH = 4;
export const MAX_ATTEMPTS_IN_CONTEXT = 4;

/** The Metropolis-Hastings acceptance probability with the verifier as the target density. */
export function acceptanceProbability(scoreNew: number, scoreOld: number, temperature: number): number {
  if (!(scoreOld > 0)) return 1;
  return Math.min(1, Math.pow(Math.max(0, scoreNew) / scoreOld, 1 / temperature));
}

export const revisions: Strategy = {
  name: 'revisions',
  plan(budget, params, hasVerifier, reused) {
    const notes: string[] = [];
    const total = budget + reused;
    let length = Math.max(1, Math.floor(numberParam(params, 'length', DEFAULT_CHAIN_LENGTH)));
    if (length > total) {
      notes.push(`chain length ${length} shrunk to ${total} to fit a budget of ${total}`);
      length = total;
    }
    const chains = Math.max(reused, Math.ceil(total / length));
    if (total % chains) notes.push(`${chains} chains share ${total} generations (lengths ${distribute(total, chains).join(', ')})`);
    let acceptance = params.acceptance === 'metropolis' ? 'metropolis' : 'always';
    if (acceptance === 'metropolis' && !hasVerifier) {
      notes.push('metropolis acceptance needs verifier scores; using always');
      acceptance = 'always';
    }
    const selection = hasVerifier ? 'verifier-weighted' : 'majority';
    return { params: { ...params, length, chains, acceptance, selection }, notes };
  },
  async run(ctx) {
    const chains = numberParam(ctx.params, 'chains', 1);
    const lengths = distribute(ctx.budget + ctx.probe.length, chains);
    await Promise.all(lengths.map((length, chain) => runChain(ctx, chain, length, ctx.probe[chain])));
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
async function runChain(ctx: StrategyContext, chain: number, length: number, first: Candidate | undefined): Promise<void> {
  const score = ctx.verifier !== null;
  const metropolis = ctx.params.acceptance === 'metropolis';
  const temperature = numberParam(ctx.params, 'temperature', 0.1);
  const attempts: Candidate[] = [];
  let current: Candidate | undefined = first;
  let failed = 0;
  if (first) {
    first.chain = chain;
    attempts.push(first);
  }
  while (attempts.length < length && !ctx.signal.aborted) {
    const context = current ? [...attempts.filter((a) => a !== current).slice(-(MAX_ATTEMPTS_IN_CONTEXT - 1)), current] : [];
    const messages = context.length ? revisionPrompt(ctx.problem, context.map((a) => a.text)) : solvePrompt(ctx.problem);
    // Chains run concurrently: seeds come from the chain and attempt, not from the order of arrival.
    const seedKey = `chain${chain}/attempt${attempts.length}/failed${failed}`;
    const [attempt] = await drawSolutions(ctx, { count: 1, origin: current ? 'revision' : 'sample', messages, score, chain, revisionOf: current?.id, pool: false, final: false, seedKey });
    if (!attempt) {
      // The generation failed (and was counted); the chain goes on from its current state.
      length--;
      failed++;
      continue;
    }
    attempt.chain = chain;
    attempts.push(attempt);
    const accepted = !current || !metropolis || uniform(ctx, `${seedKey}/accept`) < acceptanceProbability(attempt.score ?? 0, current.score ?? 0, temperature);
    emitFinal(ctx, attempt, metropolis ? accepted : undefined);
    ctx.pool.push(attempt);
    if (accepted) current = attempt;
    else {
      // The rejected attempt still shows in the vote only through the state the chain stayed on.
      attempt.multiplicity = 0;
      current!.multiplicity += 1;
    }
  }
}
