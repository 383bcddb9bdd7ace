// The simulated process verifier: P(step correct) as a noisy signal of the step's latent state,
// plus an exploitable bias towards confident leaps (see docs/simulator.md). It sees only what a real
// PRM sees, the text: the latent state written into the sim's own steps, never the problem's pass
// rate or its gold answer. Intermediate steps are weak evidence (the PRM misses some mistakes, and
// their noise is large); the final step reflects whether the solution is on track. Text the sim did
// not write carries no latent state and scores as `unknownMean` plus noise. A confident step raises
// its own score and every later one's; sampling rarely writes one, but step-level search keeps them.
import { lastBoxed } from '../answers';
import { normalHash, sigmoid, unitHash } from '../random';
import type { Behaviour } from './behaviour';
import { readStepState, soundsConfident } from './steps';

type Perceived = 'right' | 'wrong' | 'unknown';

/** Whether the PRM notices a mistake made in this step (a hash of the step, so it is stable). */
function mistakeVisible(stepText: string, visibleRate: number, seed: number): boolean {
  return unitHash('visible', seed, stepText) < visibleRate;
}

/** Per step, what the PRM perceives from the sim's markers (unmarked steps follow the last marked one). */
function perceive(steps: string[], behaviour: Behaviour, seed: number): Perceived[] {
  let state: Perceived = 'unknown';
  let noticed = false;
  return steps.map((text, i) => {
    const s = readStepState(text);
    if (s.kind === 'derailed' && state !== 'wrong') noticed = mistakeVisible(text, behaviour.verifier.visibleRate, seed);
    if (s.kind !== 'unmarked') state = s.kind === 'derailed' ? 'wrong' : 'right';
    const final = i === steps.length - 1 && lastBoxed(text) !== null;
    if (state === 'wrong' && !final && !noticed) return 'right';
    return state;
  });
}

/** Scores of every step given its prefix; the noise depends only on the steps' text and the seed. */
export function scoreSteps(steps: string[], behaviour: Behaviour, seed: number): number[] {
  const v = behaviour.verifier;
  const perceived = perceive(steps, behaviour, seed);
  let context = '';
  let swayed = false;
  return steps.map((step, i) => {
    context += step.replace(/\s+/g, ' ').trim() + '\u241e';
    swayed ||= soundsConfident(step);
    const final = i === steps.length - 1 && lastBoxed(step) !== null;
    const p = perceived[i];
    const mean =
      p === 'unknown'
        ? v.unknownMean
        : final
          ? p === 'right'
            ? v.finalRightMean
            : v.finalWrongMean
          : p === 'right'
            ? v.stepRightMean
            : v.stepWrongMean;
    const bias = swayed ? v.toneBonus : 0;
    return sigmoid(mean + bias + (final ? v.finalNoise : v.stepNoise) * normalHash('verifier', seed, context));
  });
}
