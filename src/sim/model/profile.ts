// A problem's latent behaviour: how likely a sampled solution is right, how many steps it takes,
// and the distractors that wrong solutions end on.
import { distractorsFor } from '../answers';
import type { Problem } from '../problems';
import { hash32, logit, normalHash, sigmoid } from '../random';
import { BEHAVIOUR } from './params';

export interface ProblemProfile {
  problem: Problem;
  /** P(a sampled solution ends in the gold answer). */
  passRate: number;
  steps: number;
  /** The 1-based step where most mistakes happen (see BEHAVIOUR.cruxShare). */
  cruxStep: number;
  distractors: string[];
}

export function profileOf(problem: Problem, skill: number): ProblemProfile {
  const base = BEHAVIOUR.levelPassRate[problem.level - 1];
  const jitter = BEHAVIOUR.problemJitter * normalHash('difficulty', problem.key);
  const steps = BEHAVIOUR.stepsBase + problem.level + (hash32('steps', problem.key) % BEHAVIOUR.stepsSpread);
  return {
    problem,
    passRate: sigmoid(logit(base) + jitter + skill),
    steps,
    cruxStep: 1 + (hash32('crux', problem.key) % (steps - 1)),
    distractors: distractorsFor(problem.answer, problem.key),
  };
}
