// Step-level search shared by beam and lookahead (lookahead = 0 is beam search): P paths grow one
// step per round; each new step is scored (after a greedy rollout of k steps for lookahead), the best
// ceil(open/M) are kept and expanded M ways, finished paths leave the search; at most 40 rounds, after
// which the paths still open vote with whatever answer they have.
import type { Completion } from '../endpoints/policy';
import { extractAnswer } from '../grading/index';
import { solvePrompt } from '../prompts';
import { joinSteps, splitSteps } from '../../shared/steps';
import { SAMPLING_TEMPERATURE, deltaSink, emitUsage, requestSeed, scoreOrWarn, verifierContext } from './sampling';
import type { Candidate, StrategyContext } from './types';

export const MAX_ROUNDS = 40;

export interface SearchOptions {
  /** Paths (beams): the generations the search spends, excluding rollouts. */
  paths: number;
  width: number;
  lookahead: number;
}

interface Node {
  id: string | undefined;
  steps: string[];
  score?: number;
}

interface Child extends Node {
  id: string;
  finished: boolean;
}

/** How `slots` new nodes are spread over `parents` kept nodes: as evenly as possible. */
export function distribute(slots: number, parents: number): number[] {
  return Array.from({ length: parents }, (_, i) => Math.floor(slots / parents) + (i < slots % parents ? 1 : 0));
}

export async function stepSearch(ctx: StrategyContext, options: SearchOptions): Promise<void> {
  const cost = options.lookahead + 1;
  const granted = ctx.run.meter.reserve(options.paths * cost);
  const paths = Math.floor(granted / cost);
  ctx.run.meter.unreserve(granted - paths * cost);
  if (paths === 0) return;
  emitUsage(ctx);
  let kept: Node[] = [{ id: undefined, steps: [] }];
  let finishedPaths = 0;
  let round = 0;
  for (round = 1; round <= MAX_ROUNDS && finishedPaths < paths && kept.length; round++) {
    const slots = paths - finishedPaths;
    const expansions = distribute(slots, kept.length);
    const children = (await Promise.all(kept.map((parent, i) => expand(ctx, parent, expansions[i], round)))).flat();
    // Every step of the round failed: try the same parents again next round (rounds are capped).
    if (children.length === 0) continue;
    await Promise.all(children.map((child) => scoreChild(ctx, child, options.lookahead, round)));
    emitUsage(ctx);
    const open: Child[] = [];
    for (const child of children) {
      if (child.finished) {
        finishedPaths++;
        addToPool(ctx, child);
      } else open.push(child);
    }
    open.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    // The last round prunes nothing: no round follows to expand survivors, so every open path votes as it stands.
    const keep = round === MAX_ROUNDS ? open.length : Math.max(1, Math.ceil((paths - finishedPaths) / options.width));
    for (const pruned of open.slice(keep)) ctx.emit({ type: 'pruned', candidateId: pruned.id, round });
    kept = finishedPaths < paths ? open.slice(0, keep) : [];
  }
  // Paths still open after the last round take part in the vote with whatever answer they have.
  for (const node of kept) if (node.id) addToPool(ctx, { ...node, id: node.id, finished: false });
  const voted = finishedPaths + kept.filter((n) => n.id).length;
  if (voted < paths && !ctx.signal.aborted) ctx.run.meter.fail(paths - voted);
}

/** Samples `count` next steps of `parent` in one request (`n` = count). */
async function expand(ctx: StrategyContext, parent: Node, count: number, round: number): Promise<Child[]> {
  if (count === 0) return [];
  const ids = Array.from({ length: count }, () => ctx.newId());
  for (const id of ids)
    ctx.emit(
      parent.id ? { type: 'candidate', id, parentId: parent.id, round, origin: 'beam' } : { type: 'candidate', id, round, origin: 'beam' },
    );
  const completions = await nextSteps(ctx, parent.steps, count, SAMPLING_TEMPERATURE, ids);
  const children: Child[] = [];
  completions.forEach((completion, i) => {
    if (!completion.ok) {
      ctx.emit({ type: 'error', message: `step of ${ids[i]} failed and was dropped: ${completion.error}`, fatal: false });
      ctx.emit({ type: 'pruned', candidateId: ids[i], round });
      return;
    }
    const added = splitSteps(completion.text, ctx.settings.verifier.stepDelimiter).map((s) => s.text);
    added.forEach((text, k) => ctx.emit({ type: 'step', candidateId: ids[i], index: parent.steps.length + k, text }));
    children.push({ id: ids[i], steps: [...parent.steps, ...added], finished: isFinished(completion, added) });
  });
  return children;
}

/** One step (stop at the delimiter) continuing `steps`, `n` ways. */
function nextSteps(ctx: StrategyContext, steps: string[], n: number, temperature: number, ids: string[]): Promise<Completion[]> {
  const delimiter = ctx.settings.verifier.stepDelimiter;
  return ctx.policy.generate(
    { messages: solvePrompt(ctx.problem), prefix: steps.length ? joinSteps(steps, delimiter) : undefined },
    {
      n,
      temperature,
      maxTokens: ctx.settings.budget.maxTokensPerGeneration,
      stop: [delimiter],
      signal: ctx.signal,
      seed: requestSeed(ctx, ids[0]),
      onDelta: deltaSink(ctx, ids),
    },
    ctx.run,
  );
}

/** A path ends at its final answer, at the end of the sequence (where the server says so: stops.ts), when cut by max_tokens, or when empty. */
function isFinished(completion: Extract<Completion, { ok: true }>, added: string[]): boolean {
  if (added.length === 0 || completion.finishReason === 'length') return true;
  if (added.some((s) => s.includes('\\boxed'))) return true;
  return completion.ended === 'eos';
}

/** The child's score: its last step's, or (lookahead) the last step's of a greedy rollout of k steps. */
async function scoreChild(ctx: StrategyContext, child: Child, lookahead: number, round: number): Promise<void> {
  let steps = child.steps;
  if (lookahead > 0 && !child.finished) steps = await rollout(ctx, child, lookahead, round);
  if (!ctx.verifier || child.steps.length === 0) return;
  const verifier = ctx.verifier;
  const score = await scoreOrWarn(ctx, child.id, () => verifier.scoreLastStep(ctx.problem, steps, verifierContext(ctx)));
  if (score === undefined) return;
  child.score = score;
  ctx.emit({ type: 'score', candidateId: child.id, stepIndex: child.steps.length - 1, score });
}

/** Up to k more steps at temperature 0; shown as a rollout candidate, then discarded. */
async function rollout(ctx: StrategyContext, child: Child, k: number, round: number): Promise<string[]> {
  const id = ctx.newId();
  ctx.emit({ type: 'candidate', id, parentId: child.id, round, origin: 'lookahead-rollout' });
  let steps = child.steps;
  for (let i = 0; i < k; i++) {
    const [completion] = await nextSteps(ctx, steps, 1, 0, [id]);
    if (!completion?.ok) break;
    const added = splitSteps(completion.text, ctx.settings.verifier.stepDelimiter).map((s) => s.text);
    added.forEach((text, j) => ctx.emit({ type: 'step', candidateId: id, index: steps.length + j, text }));
    steps = [...steps, ...added];
    if (isFinished(completion, added)) break;
  }
  ctx.emit({ type: 'pruned', candidateId: id, round });
  return steps;
}

function addToPool(ctx: StrategyContext, node: Child): void {
  const text = node.steps.join(ctx.settings.verifier.stepDelimiter);
  const candidate: Candidate = { id: node.id, origin: 'beam', text, steps: node.steps, answer: extractAnswer(text), multiplicity: 1 };
  if (node.score !== undefined) candidate.score = node.score;
  ctx.pool.push(candidate);
  ctx.emit(
    candidate.score === undefined
      ? { type: 'final', candidateId: node.id, answer: candidate.answer }
      : { type: 'final', candidateId: node.id, answer: candidate.answer, score: candidate.score },
  );
}
