// Drawing whole solutions (samples, probes, revisions): reserve the generations, stream them as
// events, split into steps, score with the verifier when asked, and add them to the run's pool.
import type { CandidateOrigin } from '../../shared/events';
import { FatalEndpointError } from '../endpoints/errors';
import type { ChatMessage } from '../endpoints/templates';
import { extractAnswer } from '../grading/index';
import { splitSteps } from '../../shared/steps';
import { SEED_RANGE } from '../endpoints/policy';
import type { Candidate, StrategyContext } from './types';

export const SAMPLING_TEMPERATURE = 0.8;

export interface DrawOptions {
  count: number;
  origin: CandidateOrigin;
  messages: ChatMessage[];
  /** Score every step with the verifier (when there is one). */
  score: boolean;
  chain?: number;
  revisionOf?: string;
  /** Add the finished candidates to the pool for the final vote (default true). */
  pool?: boolean;
  /** Emit each candidate's `final` event (default true; revisions emit it after the acceptance test). */
  final?: boolean;
  /** What the request seed is derived from (default: the first candidate's id); see requestSeed. */
  seedKey?: string;
  /**
   * Draws that continue one seed series (adaptive stopping's waves): the first call records its seed key
   * here, and every call seeds its first choice with that key's seed + `offset`, as one large request would.
   */
  series?: { key?: string; offset: number };
}

/** Returns the candidates that finished; failed generations are counted in usage and dropped. */
export async function drawSolutions(ctx: StrategyContext, options: DrawOptions): Promise<Candidate[]> {
  const granted = ctx.run.meter.reserve(options.count);
  if (granted === 0) return [];
  const ids = Array.from({ length: granted }, () => ctx.newId());
  for (const id of ids) ctx.emit({ type: 'candidate', id, origin: options.origin, chain: options.chain, revisionOf: options.revisionOf });
  emitUsage(ctx);
  const completions = await ctx.policy.generate(
    { messages: options.messages },
    {
      n: granted,
      temperature: SAMPLING_TEMPERATURE,
      maxTokens: ctx.settings.budget.maxTokensPerGeneration,
      signal: ctx.signal,
      seed: seriesSeed(ctx, options, ids[0]),
      onDelta: deltaSink(ctx, ids),
    },
    ctx.run,
  );
  const finished = await Promise.all(
    completions.map(async (completion, i): Promise<Candidate | null> => {
      const id = ids[i];
      if (!completion.ok) {
        ctx.run.meter.fail();
        ctx.emit({ type: 'error', message: `generation ${id} failed and was dropped: ${completion.error}`, fatal: false });
        ctx.emit({ type: 'final', candidateId: id, answer: null });
        return null;
      }
      return finishCandidate(
        ctx,
        { id, origin: options.origin, text: completion.text, chain: options.chain, thinking: completion.thinking },
        options.score,
        options.final !== false,
      );
    }),
  );
  const done = finished.filter((c): c is Candidate => c !== null);
  if (options.pool !== false) ctx.pool.push(...done);
  emitUsage(ctx);
  return done;
}

/** Emits a finished text's steps, scores and final answer. */
export async function finishCandidate(
  ctx: StrategyContext,
  base: { id: string; origin: CandidateOrigin; text: string; chain?: number; thinking?: string },
  score: boolean,
  final = true,
): Promise<Candidate> {
  const steps = splitSteps(base.text, ctx.settings.verifier.stepDelimiter).map((s) => s.text);
  steps.forEach((text, index) => ctx.emit({ type: 'step', candidateId: base.id, index, text }));
  const candidate: Candidate = { ...base, steps, answer: extractAnswer(base.text), multiplicity: 1 };
  if (score && ctx.verifier && steps.length) {
    const scores = await scoreOrWarn(ctx, base.id, () => ctx.verifier!.scoreSteps(ctx.problem, steps, verifierContext(ctx)));
    if (scores) {
      scores.forEach((s, stepIndex) => ctx.emit({ type: 'score', candidateId: base.id, stepIndex, score: s }));
      candidate.score = scores[scores.length - 1];
      candidate.stepScores = scores;
    }
  }
  if (final) emitFinal(ctx, candidate);
  return candidate;
}

export function emitFinal(ctx: StrategyContext, candidate: Candidate, accepted?: boolean): void {
  ctx.emit({
    type: 'final',
    candidateId: candidate.id,
    answer: candidate.answer,
    ...(candidate.score === undefined ? {} : { score: candidate.score }),
    ...(accepted === undefined ? {} : { accepted }),
    ...(candidate.thinking ? { thinking: candidate.thinking } : {}),
  });
}

export function verifierContext(ctx: StrategyContext) {
  return { signal: ctx.signal, onCall: () => ctx.run.meter.countVerifierCall(), log: ctx.run.log };
}

/** Runs a verifier call; a non-fatal failure becomes a warning event and no score. */
export async function scoreOrWarn<T>(ctx: StrategyContext, candidateId: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (ctx.signal.aborted || err instanceof FatalEndpointError) throw err;
    ctx.emit({
      type: 'error',
      message: `could not score ${candidateId}: ${err instanceof Error ? err.message : String(err)}`,
      fatal: false,
    });
    return undefined;
  }
}

/**
 * The request seed for one call of a seeded run: a hash of the run seed and a key that names the call's
 * place in the run (a candidate id, or a chain and attempt), never a counter of arrival order, so
 * concurrent calls get the same seeds in every repetition. Undefined for an unseeded run.
 */
export function requestSeed(ctx: Pick<StrategyContext, 'seed'>, key: string): number | undefined {
  if (ctx.seed === undefined) return undefined;
  let h = 0x811c9dc5;
  for (const ch of `${ctx.seed}/${key}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % SEED_RANGE;
}

/** The first choice's request seed of a draw: its own, or its place in a series. */
function seriesSeed(ctx: StrategyContext, options: DrawOptions, firstId: string): number | undefined {
  const key = options.series?.key ?? options.seedKey ?? firstId;
  if (!options.series) return requestSeed(ctx, key);
  options.series.key = key;
  const seed = requestSeed(ctx, key);
  return seed === undefined ? undefined : (seed + options.series.offset) % SEED_RANGE;
}

/** The onDelta callback that streams candidates' text as `delta` events, or none when the run wants none. */
export function deltaSink(
  ctx: StrategyContext,
  ids: readonly string[],
): ((index: number, text: string, restart: boolean, thinking?: string) => void) | undefined {
  if (!ctx.deltas) return undefined;
  return (i, text, restart, thinking) =>
    ctx.emit({ type: 'delta', candidateId: ids[i], text, ...(restart ? { restart } : {}), ...(thinking ? { thinking } : {}) });
}

export function emitUsage(ctx: StrategyContext): void {
  ctx.emit({ type: 'usage', ...ctx.run.meter.snapshot() });
}
