// The simulated process verifier: P(step correct) as a noisy signal of the step's latent state,
// plus an exploitable bias towards confident leaps (see params.ts and docs/simulator.md).
// Intermediate steps are weak evidence: the PRM misses many mistakes (more on hard problems) and
// their noise is large. The final step reflects the answer. A confident step raises its own score
// and every later one's; sampling rarely writes one, but step-level search finds and keeps them.
import { lastBoxed, sameAnswer } from '../answers';
import type { Problem } from '../problems';
import { normalHash, sigmoid, unitHash } from '../random';
import { BEHAVIOUR } from './params';
import type { ProblemProfile } from './profile';
import { readStepState, soundsConfident } from './steps';

/** What the PRM perceives of a step: right, wrong, unknown, or (foreign text) a fraction wrong. */
type Perceived = 'right' | 'wrong' | 'unknown' | number;

/** Whether the PRM notices a mistake made in this step (a hash of the step, so it is stable). */
function mistakeVisible(stepText: string, passRate: number, seed: number): boolean {
  const v = BEHAVIOUR.verifier;
  return unitHash('visible', seed, stepText) < v.visibleBase + v.visibleSlope * passRate;
}

/** Per step, what the PRM perceives: from the sim's markers, else from the final answer against the gold. */
function perceive(steps: string[], problem: Problem | null, passRate: number, seed: number): Perceived[] {
  const states = steps.map(readStepState);
  const marked = states.some((s) => s.kind !== 'unmarked');
  const finalAnswer = lastBoxed(steps[steps.length - 1] ?? '');
  const finalVerdict: Perceived =
    finalAnswer === null || !problem?.known ? 'unknown' : sameAnswer(finalAnswer, problem.answer) ? 'right' : 'wrong';
  if (marked) {
    let derailed = false;
    let noticed = false;
    return states.map((s, i) => {
      if (s.kind === 'derailed' && !derailed) {
        derailed = true;
        noticed = mistakeVisible(steps[i], passRate, seed);
      }
      // The final answer is judged on its own (the gold overrules a marker, e.g. text edited by a person).
      if (i === steps.length - 1 && finalAnswer !== null) return finalVerdict !== 'unknown' ? finalVerdict : derailed ? 'wrong' : 'right';
      return noticed ? 'wrong' : 'right';
    });
  }
  // Foreign text: a wrong final answer makes later steps increasingly suspect (the fraction wrong).
  if (finalVerdict === 'wrong') return steps.map((_, i) => (i + 1) / steps.length);
  return steps.map(() => finalVerdict);
}

/** Scores of every step given its prefix; the noise depends only on the steps' text and the seed. */
export function scoreSteps(steps: string[], profile: ProblemProfile | null, seed: number): number[] {
  const v = BEHAVIOUR.verifier;
  const passRate = profile?.passRate ?? 0.5;
  const gapShare = 1 - v.hardness * (1 - passRate);
  const perceived = perceive(steps, profile?.problem ?? null, passRate, seed);
  let context = '';
  let swayed = false;
  return steps.map((step, i) => {
    context += step.replace(/\s+/g, ' ').trim() + '\u241e';
    swayed ||= soundsConfident(step);
    const final = i === steps.length - 1 && lastBoxed(step) !== null;
    const [wrong, right] = final ? [v.finalWrongMean, v.finalRightMean] : [v.stepWrongMean, v.stepRightMean];
    const rightMean = wrong + (right - wrong) * gapShare;
    const p = perceived[i];
    const mean =
      p === 'right'
        ? rightMean
        : p === 'wrong'
          ? wrong
          : p === 'unknown'
            ? v.unknownMean
            : final
              ? wrong
              : rightMean + (wrong - rightMean) * p;
    const bias = swayed ? v.toneBonus : 0;
    return sigmoid(mean + bias + (final ? v.finalNoise : v.stepNoise) * normalHash('verifier', seed, context));
  });
}
