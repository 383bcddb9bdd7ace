// The simulated policy: continues a (possibly empty) partial solution step by step. Each step
// derails with a per-step probability chosen so that a whole solution is correct with the
// problem's pass rate (or, for a revision, with the fix/break probability given the last attempt).
// Confident steps are leaps that often go wrong (see stepErrorRates).
import { lastBoxed, sameAnswer } from '../answers';
import { logit, sigmoid, type Rng } from '../random';
import { BEHAVIOUR } from './params';
import type { ProblemProfile } from './profile';
import { stepTexts } from '../../shared/steps';
import { readStepState, STEP_SEPARATOR, writeStep, type StepSpec } from './steps';

export interface PolicyContext {
  profile: ProblemProfile;
  /** Boxed answers of earlier attempts found in the prompt, oldest first (the last is being revised). */
  attempts: string[];
  /** The partial assistant answer to continue ('' for a fresh solution). */
  prefix: string;
}

interface Revision {
  passRate: number;
  /** The last attempt's distractor, which a wrong revision tends to repeat. */
  repeatDistractor?: number;
}

export function revisionOutlook(profile: ProblemProfile, attempts: string[]): Revision {
  const p = profile.passRate;
  const last = attempts[attempts.length - 1];
  if (last === undefined) return { passRate: p };
  if (sameAnswer(last, profile.problem.answer)) return { passRate: sigmoid(logit(p) + BEHAVIOUR.revisionKeepShift) };
  const repeat = profile.distractors.findIndex((d) => sameAnswer(d, last));
  const fixShift = BEHAVIOUR.revisionFixShift + BEHAVIOUR.revisionFixSlope * (p - 0.5);
  return { passRate: sigmoid(logit(p) + fixShift), repeatDistractor: repeat >= 0 ? repeat : undefined };
}

function chooseDistractor(profile: ProblemProfile, revision: Revision, rng: Rng): number {
  if (revision.repeatDistractor !== undefined && rng.chance(BEHAVIOUR.revisionSameDistractor)) return revision.repeatDistractor;
  return rng.weighted(BEHAVIOUR.distractorWeights.slice(0, profile.distractors.length));
}

/** The new steps that continue the context's prefix, up to and including the boxed final step. */
export function continueSteps(context: PolicyContext, rng: Rng): string[] {
  const { profile, prefix } = context;
  if (lastBoxed(prefix) !== null) return [];
  const given = stepTexts(prefix, STEP_SEPARATOR);
  let state: StepSpec['state'] = { kind: 'on-track' };
  for (const step of given) {
    const s = readStepState(step);
    if (s.kind === 'derailed') state = s;
  }
  const revision = revisionOutlook(profile, context.attempts);
  const steps: string[] = [];
  for (let step = given.length + 1; ; step++) {
    const confident = rng.chance(BEHAVIOUR.confidentRate);
    const error = stepErrorRates(revision.passRate, profile, step);
    if (state.kind === 'on-track' && rng.chance(confident ? error.confident : error.plain)) {
      state = { kind: 'derailed', distractor: chooseDistractor(profile, revision, rng) };
    }
    const final = step >= profile.steps;
    const finalAnswer = !final ? undefined : state.kind === 'on-track' ? profile.problem.answer : profile.distractors[state.distractor];
    steps.push(writeStep({ step, state, confident, finalAnswer }, rng));
    if (final) return steps;
  }
}

/**
 * The probabilities that step `step` goes wrong when written plainly or as a confident leap, such
 * that a whole solution stays on track with P = passRate on average: the crux step carries
 * cruxShare of the log-risk, the other steps the rest. (On the easiest problems confident leaps
 * alone go wrong more often than that.)
 */
export function stepErrorRates(passRate: number, profile: ProblemProfile, step: number): { plain: number; confident: number } {
  const share = step === profile.cruxStep ? BEHAVIOUR.cruxShare : (1 - BEHAVIOUR.cruxShare) / (profile.steps - 1);
  const mean = 1 - Math.pow(Math.min(Math.max(passRate, 1e-6), 1), share);
  const c = BEHAVIOUR.confidentRate;
  const confident = Math.max(BEHAVIOUR.confidentError, mean);
  return { plain: Math.max(0, (mean - c * confident) / (1 - c)), confident };
}
