// The simulated policy: continues a (possibly empty) partial solution step by step. A step that is
// on track goes wrong with the plan's per-step rate (chosen so that a whole solution is right with
// the problem's pass rate or, for a revision, with the fix/break probability given the last
// attempt); a wrong solution gets back on track at the profile's recovery rate, and otherwise ends
// on its wrong answer. Greedy decoding (temperature 0) takes the most likely outcome at every step.
import { lastBoxed, sameAnswer } from '../answers';
import { logit, sigmoid, type Rng } from '../random';
import { outcomeFrom, type StepPlan } from './hazards';
import type { ProblemProfile } from './profile';
import { stepTexts } from '../../shared/steps';
import { readStepState, STEP_SEPARATOR, writeStep, type StepSpec } from './steps';
import { WRONG_INDICES } from './wrong-answers';

export interface PolicyContext {
  profile: ProblemProfile;
  /** Boxed answers of earlier attempts found in the prompt, oldest first (the last is being revised). */
  attempts: string[];
  /** The partial assistant answer to continue ('' for a fresh solution). */
  prefix: string;
  /** Temperature 0: the mode, not a sample. */
  greedy: boolean;
}

interface Revision {
  passRate: number;
  /** The last attempt's wrong answer, which a wrong revision tends to repeat. */
  repeatWrong?: number;
}

export function revisionOutlook(profile: ProblemProfile, attempts: string[]): Revision {
  const p = profile.passRate;
  const r = profile.behaviour.revisions;
  const last = attempts[attempts.length - 1];
  if (last === undefined) return { passRate: p };
  if (sameAnswer(last, profile.problem.answer)) return { passRate: sigmoid(logit(p) + r.keepShift) };
  const fixShift = r.fixShift + r.fixSlope * (p - 0.5);
  return { passRate: sigmoid(logit(p) + fixShift), repeatWrong: profile.wrongAnswers.indexOf(last) ?? undefined };
}

/** The index of the wrong answer a solution that just went wrong heads for (0: the most common one). */
function chooseWrong(profile: ProblemProfile, revision: Revision, rng: Rng): number {
  const { distractorWeights } = profile.behaviour.wrongAnswers;
  if (revision.repeatWrong !== undefined && rng.chance(profile.behaviour.revisions.sameWrongAnswer)) return revision.repeatWrong;
  if (rng.chance(profile.novelShare)) return distractorWeights.length + rng.int(WRONG_INDICES - distractorWeights.length);
  return rng.weighted(distractorWeights);
}

/** P(the most common wrong answer) among wrong answers. */
function topWrongShare(profile: ProblemProfile): number {
  const weights = profile.behaviour.wrongAnswers.distractorWeights;
  return ((1 - profile.novelShare) * Math.max(...weights)) / weights.reduce((a, b) => a + b, 0);
}

type State = StepSpec['state'];

/** Greedy: the state after step `step` that leads to the most likely final answer. */
function modalState(state: State, plan: StepPlan, profile: ProblemProfile, step: number): State {
  if (state.kind === 'on-track') {
    const right = outcomeFrom(plan, step, true).right;
    return right >= (1 - right) * topWrongShare(profile) ? state : { kind: 'derailed', wrong: 0 };
  }
  const stays = Math.pow(1 - plan.recovery, plan.error.length - step);
  return outcomeFrom(plan, step, false).right > stays ? { kind: 'on-track' } : state;
}

/** The new steps that continue the context's prefix, up to and including the boxed final step. */
export function continueSteps(context: PolicyContext, rng: Rng): string[] {
  const { profile, prefix } = context;
  const behaviour = profile.behaviour;
  if (lastBoxed(prefix) !== null) return [];
  const given = stepTexts(prefix, STEP_SEPARATOR);
  let state: State = { kind: 'on-track' };
  for (const step of given) {
    const s = readStepState(step);
    if (s.kind !== 'unmarked') state = s;
  }
  const revision = revisionOutlook(profile, context.attempts);
  const plan = profile.plan(revision.passRate);
  const steps: string[] = [];
  for (let step = given.length + 1; ; step++) {
    const k = Math.min(step, profile.steps);
    const confident = !context.greedy && rng.chance(behaviour.confidentRate);
    if (context.greedy) state = modalState(state, plan, profile, k);
    else if (state.kind === 'on-track') {
      const error = stepErrorRates(plan.error[k], behaviour.confidentRate, behaviour.confidentError);
      if (rng.chance(confident ? error.confident : error.plain)) state = { kind: 'derailed', wrong: chooseWrong(profile, revision, rng) };
    } else if (rng.chance(plan.recovery)) state = { kind: 'on-track' };
    const final = step >= profile.steps;
    const finalAnswer = !final ? undefined : state.kind === 'on-track' ? profile.problem.answer : profile.wrongAnswers.at(state.wrong);
    steps.push(writeStep({ step, state, confident, finalAnswer }, behaviour.maxFiller, rng));
    if (final) return steps;
  }
}

/**
 * The probabilities that a step goes wrong when written plainly or as a confident leap, such that
 * it goes wrong with P = `mean` on average. (On easy steps confident leaps alone go wrong more often.)
 */
export function stepErrorRates(mean: number, confidentRate: number, confidentError: number): { plain: number; confident: number } {
  const confident = Math.max(confidentError, mean);
  return { plain: Math.max(0, (mean - confidentRate * confident) / (1 - confidentRate)), confident };
}
