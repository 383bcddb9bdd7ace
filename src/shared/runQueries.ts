import type { Vote } from './events';
import type { CandidateModel, RunModel, StepModel } from './runModel';
import { stepTexts } from './steps';

/** Read-only questions the views ask of a run model. Pure functions. */

/** A candidate's score: its final score, else its last scored step's (the paper's last-step aggregation). */
export function candidateScore(candidate: CandidateModel): number | null {
  if (candidate.finalScore !== null) return candidate.finalScore;
  for (let i = candidate.steps.length - 1; i >= 0; i--) {
    const score = candidate.steps[i].score;
    if (score !== null) return score;
  }
  return null;
}

export interface DisplayStep extends StepModel {
  /** Which candidate the step belongs to (a beam node shows its ancestors' steps too). */
  candidateId: string;
  /** Split from streamed text, not yet confirmed by a `step` event. */
  streaming: boolean;
}

/**
 * The steps to show for a candidate: for a beam node the path from its root (each node's own steps
 * override its ancestors' at the same index), then, while it streams, the text past its last step
 * split at the run's step delimiter.
 */
export function candidateSteps(model: RunModel, candidateId: string): DisplayStep[] {
  const path: CandidateModel[] = [];
  const seen = new Set<string>();
  for (
    let c = model.candidates.get(candidateId);
    c && !seen.has(c.id);
    c = c.parentId === null ? undefined : model.candidates.get(c.parentId)
  ) {
    seen.add(c.id);
    path.unshift(c);
  }
  const byIndex = new Map<number, DisplayStep>();
  for (const node of path) {
    for (const step of node.steps) byIndex.set(step.index, { ...step, candidateId: node.id, streaming: false });
  }
  const steps = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const candidate = model.candidates.get(candidateId);
  if (candidate && !candidate.finished && candidate.text.length > 0) steps.push(...streamingTail(candidate, steps, model.stepDelimiter));
  return steps;
}

/** The streamed text past the node's confirmed steps, as provisional steps. */
function streamingTail(candidate: CandidateModel, confirmed: DisplayStep[], delimiter: string): DisplayStep[] {
  const pieces = stepTexts(candidate.text, delimiter).slice(candidate.steps.length);
  const next = confirmed.length === 0 ? 0 : confirmed[confirmed.length - 1].index + 1;
  return pieces.map((text, i) => ({ index: next + i, text, score: null, candidateId: candidate.id, streaming: true }));
}

/** The vote to show: the run's own once it ended, else the provisional tally; heaviest first. */
export function displayVotes(model: RunModel): { votes: Vote[]; provisional: boolean } {
  if (model.result) return { votes: [...model.result.votes].sort(byWeight), provisional: false };
  const votes = [...model.liveVotes.values()].map((v) => ({ ...v, candidateIds: [...v.candidateIds] }));
  return { votes: votes.sort(byWeight), provisional: true };
}

function byWeight(a: Vote, b: Vote): number {
  return b.weight - a.weight || b.count - a.count;
}

/** The candidate to show first: the run's best, else the best-scoring finished one, else the first. */
export function defaultCandidateId(model: RunModel): string | null {
  if (model.result?.bestCandidateId && model.candidates.has(model.result.bestCandidateId)) return model.result.bestCandidateId;
  let best: CandidateModel | null = null;
  for (const id of model.order) {
    const c = model.candidates.get(id)!;
    if (!c.finished) continue;
    if (best === null || (candidateScore(c) ?? -1) > (candidateScore(best) ?? -1)) best = c;
  }
  return best?.id ?? model.order[0] ?? null;
}

/** Whether the run has a search tree (beam, lookahead) or revision chains to show. */
export function hasTree(model: RunModel): boolean {
  return model.maxRound > 0 || model.order.some((id) => model.candidates.get(id)!.parentId !== null);
}

/** Beam nodes grouped by round (a node without a round counts at its depth), in creation order. */
export function treeRounds(model: RunModel): CandidateModel[][] {
  const rounds: CandidateModel[][] = [];
  const depth = new Map<string, number>();
  for (const id of model.order) {
    const c = model.candidates.get(id)!;
    if (c.origin === 'probe' && c.parentId === null && c.children.length === 0) continue;
    const parentDepth = c.parentId === null ? -1 : (depth.get(c.parentId) ?? -1);
    const round = c.round ?? parentDepth + 1;
    depth.set(id, round);
    (rounds[round] ??= []).push(c);
  }
  return rounds.map((r) => r ?? []);
}

/** A solution as Markdown: one paragraph per step, ending with the boxed answer. */
export function solutionMarkdown(model: RunModel, candidateId: string): string {
  const steps = candidateSteps(model, candidateId).map((s) => s.text.trim());
  const candidate = model.candidates.get(candidateId);
  const answer = candidate?.answer ?? null;
  if (answer !== null && !steps.some((s) => s.includes('\\boxed'))) steps.push(`The final answer is $\\boxed{${answer}}$.`);
  return steps.join('\n\n') + '\n';
}
