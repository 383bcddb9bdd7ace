// A problem's wrong answers, indexed: index w < distractors is one of the few plausible slips that
// wrong solutions cluster on (n+1, 2n, a changed number...), a larger w is a novel wrong answer that
// is almost never repeated. Each index always gives the same answer, never equal to the gold one.
import { answerKey } from '../answers';
import { Rng } from '../random';

/** Indices of wrong answers a solution can carry (the step markers encode 0..WRONG_INDICES-1). */
export const WRONG_INDICES = 890;

function* slips(answer: string, key: string): Generator<string> {
  const trimmed = answer.trim();
  if (/^-?\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    yield* [String(n + 1), String(n === 0 ? 2 : n * 2), String(n - 1), String(n + 10), String(-n - 3)];
    for (let j = 2; ; j++) yield String(j % 2 === 0 ? n + j : n - j);
  }
  const numbers = [...answer.matchAll(/\d+/g)];
  const target = numbers.length ? numbers[Rng.fromKey('distractors', key).int(numbers.length)] : null;
  const replace = (value: number) =>
    target ? answer.slice(0, target.index) + String(value) + answer.slice((target.index ?? 0) + target[0].length) : null;
  const value = target ? Number(target[0]) : 0;
  for (const v of [value + 1, value + 2, value * 2 + 1, value + 5]) {
    const changed = replace(v);
    if (changed !== null) yield changed;
  }
  yield* [`2\\left(${answer}\\right)`, `-\\left(${answer}\\right)`, `\\frac{${answer}}{2}`];
  for (let j = 3; ; j++) yield replace(value + j) ?? `${answer} + ${j - 2}`;
}

/** The wrong answers of one problem, generated as far as they are asked for. */
export class WrongAnswers {
  private readonly list: string[] = [];
  /** answerKey -> index, and the gold answer's key (never used). */
  private readonly index = new Map<string, number>();
  private readonly source: Generator<string>;

  constructor(gold: string, key: string) {
    this.source = slips(gold, key);
    this.index.set(answerKey(gold), -1);
  }

  at(index: number): string {
    while (this.list.length <= index) {
      const next = this.source.next().value as string;
      const k = answerKey(next);
      if (this.index.has(k)) continue;
      this.index.set(k, this.list.length);
      this.list.push(next);
    }
    return this.list[index];
  }

  /** The index of a wrong answer the simulator writes, or null. */
  indexOf(answer: string): number | null {
    this.at(WRONG_INDICES - 1);
    const found = this.index.get(answerKey(answer));
    return found === undefined || found < 0 ? null : found;
  }
}
