// The simulated process verifier: P(step correct) as a noisy signal of the step's latent state,
// plus an exploitable bias towards confident-sounding steps (see params.ts and docs/simulator.md).
import { lastBoxed, sameAnswer } from '../answers';
import type { Problem } from '../problems';
import { normalHash, sigmoid } from '../random';
import { BEHAVIOUR } from './params';
import type { ProblemProfile } from './profile';
import { readStepState, soundsConfident } from './steps';

type Correctness = 'right' | 'wrong' | 'unknown';

/** Per step, whether it is right: from the sim's markers, else from the final answer against the gold. */
function stepCorrectness(steps: string[], problem: Problem | null): Array<Correctness | number> {
  const states = steps.map(readStepState);
  const marked = states.some((s) => s.kind !== 'unmarked');
  const finalAnswer = lastBoxed(steps[steps.length - 1] ?? '');
  const finalVerdict: Correctness =
    finalAnswer === null || !problem?.known ? 'unknown' : sameAnswer(finalAnswer, problem.answer) ? 'right' : 'wrong';
  if (marked) {
    let derailed = false;
    return states.map((s, i) => {
      if (s.kind === 'derailed') derailed = true;
      // The gold answer overrules a marker on the final step (e.g. text edited by a person).
      if (i === steps.length - 1 && finalVerdict !== 'unknown') return finalVerdict;
      return derailed ? 'wrong' : 'right';
    });
  }
  // Foreign text: a wrong final answer makes later steps increasingly suspect (the fraction wrong).
  if (finalVerdict === 'wrong') return steps.map((_, i) => (i + 1) / steps.length);
  return steps.map(() => finalVerdict);
}

/** Scores of every step given its prefix; the noise depends only on the steps' text and the seed. */
export function scoreSteps(steps: string[], profile: ProblemProfile | null, seed: number): number[] {
  const v = BEHAVIOUR.verifier;
  const correctMean = v.correctMean - v.hardnessPenalty * (1 - (profile?.passRate ?? 0.5));
  const correctness = stepCorrectness(steps, profile?.problem ?? null);
  let context = '';
  return steps.map((step, i) => {
    context += step.replace(/\s+/g, ' ').trim() + '\u241e';
    const c = correctness[i];
    const mean =
      c === 'right' ? correctMean : c === 'wrong' ? v.wrongMean : c === 'unknown' ? v.unknownMean : correctMean + (v.wrongMean - correctMean) * c;
    const bias = soundsConfident(step) ? v.confidentBonus : 0;
    return sigmoid(mean + bias + v.noise * normalHash('verifier', seed, context));
  });
}
