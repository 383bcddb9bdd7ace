// A problem's sample pool: the largest budget's samples, drawn once (in chunks, each cached as soon as
// it arrives) and prepared for every budget's subsets.
import { emptyUsage, type Usage } from '../shared/events';
import type { EvalBackend, PoolSample } from './backend';
import type { JobCache } from './cache';
import type { PreparedPool } from './subsets';

export interface Pool {
  samples: PoolSample[];
  usage: Usage;
}

export interface Grader {
  groupAnswers(answers: ReadonlyArray<string | null>): { answer: string; members: number[] }[];
  gradeAnswer(gold: string, pred: string): { equal: boolean };
}

export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {
    generations: a.generations + b.generations,
    failedGenerations: a.failedGenerations + b.failedGenerations,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    tokens: a.tokens + b.tokens,
    requests: a.requests + b.requests,
    verifierCalls: a.verifierCalls + b.verifierCalls,
  };
  if (a.flops !== undefined || b.flops !== undefined) sum.flops = (a.flops ?? 0) + (b.flops ?? 0);
  return sum;
}

/** A share of a pool's usage: what N of its samples cost, pro rata (tokens and calls rounded). */
export function usageShare(usage: Usage, poolSize: number, n: number): Usage {
  const f = poolSize ? n / poolSize : 0;
  const share: Usage = {
    generations: n,
    failedGenerations: Math.round(usage.failedGenerations * f),
    promptTokens: Math.round(usage.promptTokens * f),
    completionTokens: Math.round(usage.completionTokens * f),
    tokens: Math.round(usage.tokens * f),
    requests: Math.round(usage.requests * f),
    verifierCalls: Math.round(usage.verifierCalls * f),
  };
  if (usage.flops !== undefined) share.flops = usage.flops * f;
  return share;
}

interface CachedChunk {
  samples: PoolSample[];
  usage: Usage;
}

function isCachedChunk(value: unknown): value is CachedChunk {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as CachedChunk).samples) &&
    typeof (value as CachedChunk).usage === 'object'
  );
}

/**
 * Returns the pool of `size` samples, drawing only what the cache lacks, `chunk` samples at a time.
 * Stops between chunks when `signal` aborts (the chunks already drawn stay cached).
 */
export async function drawPool(
  backend: EvalBackend,
  cache: JobCache,
  key: string,
  problem: string,
  options: {
    size: number;
    chunk: number;
    signal: AbortSignal;
    seedOf: (part: number) => number;
    onChunk?: (drawn: DrawnChunkInfo) => void;
  },
): Promise<Pool> {
  const chunks = cache.parts(key).filter(isCachedChunk);
  let pool: Pool = { samples: chunks.flatMap((c) => c.samples), usage: chunks.reduce((u, c) => addUsage(u, c.usage), emptyUsage()) };
  let part = chunks.length;
  while (pool.samples.length < options.size) {
    options.signal.throwIfAborted();
    const want = Math.min(options.chunk, options.size - pool.samples.length);
    const drawn = await backend.drawSamples(problem, want, options.signal, options.seedOf(part));
    if (drawn.samples.length === 0)
      throw new Error(`the policy returned no samples for a problem (${drawn.usage.failedGenerations} generations failed)`);
    cache.put(key, part++, { samples: drawn.samples, usage: drawn.usage } satisfies CachedChunk);
    pool = { samples: [...pool.samples, ...drawn.samples], usage: addUsage(pool.usage, drawn.usage) };
    options.onChunk?.({ samples: drawn.samples.length, generations: drawn.usage.generations });
  }
  // A cache from a run with larger budgets holds more: use its first `size` samples, at their share of the cost.
  if (pool.samples.length > options.size)
    return { samples: pool.samples.slice(0, options.size), usage: usageShare(pool.usage, pool.samples.length, options.size) };
  return pool;
}

export interface DrawnChunkInfo {
  samples: number;
  generations: number;
}

/** Groups equivalent answers once (grader), grades each group once against the gold answer. */
export function preparePool(pool: Pool, gold: string, grader: Grader): PreparedPool {
  const answers = pool.samples.map((s) => s.answer);
  const groups = grader.groupAnswers(answers);
  const groupOf = answers.map(() => -1);
  groups.forEach((g, index) => g.members.forEach((m) => (groupOf[m] = index)));
  return {
    groupOf,
    lastScores: pool.samples.map((s) => s.lastScore),
    groups: groups.map((g) => ({ answer: g.answer, correct: grader.gradeAnswer(gold, g.answer).equal })),
  };
}
