// Answer selection as pure functions over already-drawn samples, so `ponder eval` can draw one pool
// per problem and evaluate every budget from subsets. Equivalent answers are grouped by the grader.
import type { Vote } from '../shared/events';
import { groupAnswers } from './grading/index';

export interface Sample {
  id: string;
  /** The extracted final answer; null when the sample gave none. */
  answer: string | null;
  /** The last step's verifier score, when scored. */
  score?: number;
  /** Every step's verifier score, when scored step by step (for min and product aggregation). */
  stepScores?: readonly number[];
  /** How many votes the sample casts (a Metropolis chain that stays on a state votes for it again); default 1. */
  multiplicity?: number;
}

/**
 * How a solution's step scores make its score, as search-and-learn's `aggregate_scores` ("last", "min",
 * "prod"): the last step's (the paper's choice), the lowest step's, or their product.
 */
export const STEP_AGGREGATIONS = ['last', 'min', 'product'] as const;
export type StepAggregation = (typeof STEP_AGGREGATIONS)[number];

/** A solution's score under a step aggregation; a sample scored only as a whole (no step scores) keeps its score. */
export function solutionScore(sample: Pick<Sample, 'score' | 'stepScores'>, how: StepAggregation): number | undefined {
  const steps = sample.stepScores;
  if (how === 'last' || !steps?.length) return sample.score;
  return how === 'min' ? Math.min(...steps) : steps.reduce((p, s) => p * s, 1);
}

/** The samples with each score replaced by its aggregation over the steps. */
export function withStepAggregation<S extends Sample>(samples: readonly S[], how: StepAggregation): S[] {
  return how === 'last' ? [...samples] : samples.map((s) => ({ ...s, score: solutionScore(s, how) }));
}

/** `majority`: most votes; `best`: the single highest score; `weighted`: the largest sum of scores. */
export type Aggregation = 'majority' | 'best' | 'weighted';

export interface Selection {
  answer: string | null;
  votes: Vote[];
  bestCandidateId: string | null;
}

export type GroupFn = (answers: (string | null)[]) => { answer: string; members: number[] }[];

export function selectAnswer(all: readonly Sample[], aggregation: Aggregation, group: GroupFn = groupAnswers): Selection {
  const samples = all.filter((s) => (s.multiplicity ?? 1) > 0);
  const groups = group(samples.map((s) => s.answer));
  const votes = groups.map(({ members }) => {
    const mine = members.map((i) => samples[i]);
    // Show the answer as the first sample wrote it, not the grader's normalised form.
    const answer = mine[0].answer ?? '';
    const count = mine.reduce((n, s) => n + (s.multiplicity ?? 1), 0);
    const weight =
      aggregation === 'majority'
        ? count
        : aggregation === 'best'
          ? Math.max(...mine.map((s) => s.score ?? 0))
          : mine.reduce((w, s) => w + (s.score ?? 0) * (s.multiplicity ?? 1), 0);
    return { vote: { answer, weight, count, candidateIds: mine.map((s) => s.id) }, best: bestOf(mine) };
  });
  // Stable sort: ties keep the grader's order (first appearance), then more votes win.
  votes.sort((a, b) => b.vote.weight - a.vote.weight || b.vote.count - a.vote.count);
  const top = votes[0];
  return {
    answer: top ? top.vote.answer : null,
    votes: votes.map((v) => v.vote),
    bestCandidateId: top ? top.best : (bestOf(samples) ?? null),
  };
}

export const majorityVote = (samples: readonly Sample[], group?: GroupFn) => selectAnswer(samples, 'majority', group);
export const bestOfN = (samples: readonly Sample[], group?: GroupFn) => selectAnswer(samples, 'best', group);
export const weightedBestOfN = (samples: readonly Sample[], group?: GroupFn) => selectAnswer(samples, 'weighted', group);

/**
 * Revisions' hierarchical selection: pick each chain's answer among its attempts, then vote across
 * chains, each chain's winner weighted by its best score (verifier) or counting once (majority).
 */
export function selectAcrossChains(
  chains: readonly (readonly Sample[])[],
  aggregation: 'majority' | 'weighted',
  group: GroupFn = groupAnswers,
): Selection {
  const winners: Sample[] = [];
  for (const chain of chains) {
    const inner = selectAnswer(chain, aggregation, group);
    const top = inner.votes[0];
    if (!top) continue;
    const members = chain.filter((s) => top.candidateIds.includes(s.id));
    const best = members.find((s) => s.id === inner.bestCandidateId) ?? members[0];
    winners.push({ id: best.id, answer: best.answer, score: Math.max(...members.map((s) => s.score ?? 0)) });
  }
  if (winners.length === 0) return { answer: null, votes: [], bestCandidateId: bestOf(chains.flat()) };
  return selectAnswer(winners, aggregation, group);
}

function bestOf(samples: readonly Sample[]): string | null {
  let best: Sample | null = null;
  for (const s of samples) if (!best || (s.score ?? -1) > (best.score ?? -1)) best = s;
  return best?.id ?? null;
}
