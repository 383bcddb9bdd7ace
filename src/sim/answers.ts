// Final answers: extracting the last \boxed{...} and deriving a problem's wrong-answer distractors.
import { BEHAVIOUR } from './model/params';
import { Rng } from './random';

/** Contents of every \boxed{...} (balanced braces) in order; empty boxes (instructions) are skipped. */
export function boxedAnswers(text: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('\\boxed{', from);
    if (start < 0) return found;
    let depth = 0;
    let end = -1;
    for (let i = start + 6; i < text.length; i++) {
      const ch = text[i];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) return found;
    const inner = text.slice(start + 7, end).trim();
    if (inner) found.push(inner);
    from = end + 1;
  }
}

export function lastBoxed(text: string): string | null {
  const all = boxedAnswers(text);
  return all.length ? all[all.length - 1] : null;
}

/** Compares answers as the simulator writes them: spacing and \left/\right do not matter. */
export function sameAnswer(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\\left|\\right|\\!|\\,|\s+/g, '').replace(/\\dfrac|\\tfrac/g, '\\frac');
  return norm(a) === norm(b);
}

const DISTRACTOR_COUNT = BEHAVIOUR.distractorWeights.length;

/** A problem's distractors: a few fixed wrong answers that wrong solutions cluster on. */
export function distractorsFor(answer: string, key: string): string[] {
  const rng = Rng.fromKey('distractors', key);
  const candidates: string[] = [];
  const integer = /^-?\d+$/.test(answer.trim());
  if (integer) {
    const n = Number(answer.trim());
    candidates.push(String(n + 1), String(n * 2 === n ? n + 2 : n * 2), String(n - 1), String(n + 10), String(-n - 3));
  } else {
    const numbers = [...answer.matchAll(/\d+/g)];
    if (numbers.length) {
      const target = numbers[rng.int(numbers.length)];
      const value = Number(target[0]);
      for (const replacement of [value + 1, value + 2, value * 2 + 1, value + 5]) {
        candidates.push(answer.slice(0, target.index) + String(replacement) + answer.slice(target.index + target[0].length));
      }
    }
    candidates.push(`2\\left(${answer}\\right)`, `-\\left(${answer}\\right)`, `\\frac{${answer}}{2}`);
  }
  const distinct: string[] = [];
  for (const c of candidates) {
    if (!sameAnswer(c, answer) && !distinct.some((d) => sameAnswer(d, c))) distinct.push(c);
    if (distinct.length === DISTRACTOR_COUNT) break;
  }
  return distinct;
}
