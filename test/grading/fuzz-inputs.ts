// Random and hostile grader inputs, reproducible from a seed (shared by the fuzz test and the benchmark).
import { seededRandom } from './llama';

export function fuzzInputs(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const atoms = [
    '\\frac{',
    '}{',
    '}',
    '{',
    '\\sqrt',
    '^',
    '_',
    '(',
    ')',
    '[',
    ']',
    '\\{',
    '\\}',
    '\\left(',
    '\\right]',
    'x',
    'y',
    '1',
    '0',
    '9',
    '\\pi',
    ',',
    '=',
    '\\leq',
    '\\cup',
    '\\pm',
    '\\begin{pmatrix}',
    '\\\\',
    '&',
    '\\end{pmatrix}',
    '\\text{',
    '\\boxed{',
    '$',
    '\\%',
    '^\\circ',
    '.',
    '!',
    '\\sum_{k=1}^{n}',
    '\\int',
    'e',
    'i',
    '\\infty',
    ' ',
    '10^{',
  ];
  const hostile = [
    '10^{10^{10^{10}}}',
    '9^{9^{9^{9}}}',
    '99999999!',
    '\\sum_{k=1}^{10^{12}} k',
    '{'.repeat(3000),
    '\\frac{'.repeat(500),
    '('.repeat(2000) + ')'.repeat(2000),
    'x'.repeat(100_000),
    '1'.repeat(5000),
    '\\boxed{' + '\\sqrt{'.repeat(300),
    '2^{2^{2^{2^{2^{2}}}}}',
    '\\begin{pmatrix}' + '1&'.repeat(2000) + '\\end{pmatrix}',
    ('(1,' + '2),').repeat(500),
    '\\pm'.repeat(200),
    'a'.repeat(50) + '='.repeat(50),
  ];
  const out = [...hostile];
  while (out.length < count) {
    const mode = random();
    if (mode < 0.2) {
      out.push(String.fromCharCode(...Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 0x3000))));
    } else {
      out.push(Array.from({ length: 1 + Math.floor(random() * 40) }, () => pick(atoms)).join(''));
    }
  }
  return out;
}
