// The text of simulated steps, and reading a solution's latent state back from its text.
//
// Every simulated step carries an intermediate value `$s_{k} = V$`. V encodes the step's latent
// state: (7V + 3k) mod 11 is 0 for a step that is on track and 1 for a step that is wrong, in which
// case floor(V / 11) - 10 is the index of the wrong answer it leads to (wrong-answers.ts). So a
// continuation request (or the verifier) can recover the state of a partial solution from its text
// alone, even when an earlier request wrote it.
import type { Rng } from '../random';
import { WRONG_INDICES } from './wrong-answers';

/** How the simulated model separates steps: a blank line, as real models are asked to (split with shared `stepTexts`). */
export const STEP_SEPARATOR = '\n\n';

export type StepState = { kind: 'on-track' } | { kind: 'derailed'; wrong: number } | { kind: 'unmarked' };

const MODULUS = 11;
const INVERSE_OF_7 = 8; // 7 * 8 = 56 = 1 (mod 11)

function residue(value: number, step: number): number {
  return (((7 * value + 3 * step) % MODULUS) + MODULUS) % MODULUS;
}

function valueWithResidue(target: number, step: number, payload: number): number {
  const offset = (((INVERSE_OF_7 * (target - 3 * step)) % MODULUS) + MODULUS) % MODULUS;
  return MODULUS * (10 + payload) + offset;
}

const MARKER = /s_\{(\d+)\} = (\d+)/g;

/** The latent state a step's text carries (its last marker), or `unmarked` for foreign text. */
export function readStepState(text: string): StepState {
  let last: RegExpExecArray | null = null;
  for (const match of text.matchAll(MARKER)) last = match;
  if (!last) return { kind: 'unmarked' };
  const value = Number(last[2]);
  const r = residue(value, Number(last[1]));
  if (r === 0) return { kind: 'on-track' };
  const wrong = Math.floor(value / MODULUS) - 10;
  if (r === 1 && wrong >= 0 && wrong < WRONG_INDICES) return { kind: 'derailed', wrong };
  return { kind: 'unmarked' };
}

const OPENERS = [
  'We start from the quantities given in the problem and write down what is asked',
  'Next, we rewrite the expression in a simpler form',
  'We substitute the known values into the relation',
  'Applying the relevant identity to both sides',
  'We isolate the unknown quantity',
  'Counting the cases one at a time',
  'We simplify the fraction by cancelling common factors',
  'Expanding the product and collecting like terms',
  'We check the constraint on the variables',
  'Combining the two previous results',
];

const FILLERS = [
  'Keeping track of the signs avoids a common slip here.',
  'Each term is handled separately before we combine them.',
  'This reduces the problem to a single computation.',
  'We keep the exact form rather than a decimal approximation.',
  'The structure of the expression suggests this is the natural next move.',
  'Writing it out explicitly makes the dependence clear.',
];

export interface StepSpec {
  step: number;
  state: { kind: 'on-track' } | { kind: 'derailed'; wrong: number };
  /** Worded confidently ("Clearly, ... This is certainly correct."): what the verifier's bias rewards. */
  confident: boolean;
  /** Present on the final step: the answer it boxes. */
  finalAnswer?: string;
}

/** Writes one step's text; its value, length and opener are drawn from the rng. */
export function writeStep(spec: StepSpec, maxFiller: number, rng: Rng): string {
  const drawn = rng.int(900);
  const value = spec.state.kind === 'on-track' ? valueWithResidue(0, spec.step, drawn) : valueWithResidue(1, spec.step, spec.state.wrong);
  const confident = spec.confident;
  const start = rng.int(FILLERS.length);
  const fillers = Array.from({ length: rng.int(maxFiller + 1) }, (_, i) => FILLERS[(start + i) % FILLERS.length]);
  const opener = rng.pick(OPENERS);
  const parts = [`Step ${spec.step}: ${confident ? 'Clearly, ' + opener[0].toLowerCase() + opener.slice(1) : opener}.`, ...fillers];
  if (spec.finalAnswer !== undefined) {
    parts.push(`Putting everything together gives $s_{${spec.step}} = ${value}$, so the final answer is $\\boxed{${spec.finalAnswer}}$.`);
  } else {
    parts.push(`This gives $s_{${spec.step}} = ${value}$.`);
  }
  if (confident) parts.push('This is certainly correct.');
  return parts.join(' ');
}

/** The exploitable surface feature the simulated verifier rewards. */
export function soundsConfident(stepText: string): boolean {
  return /\b(Clearly|certainly)\b/.test(stepText);
}
