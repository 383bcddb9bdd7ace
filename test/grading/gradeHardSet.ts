// Grades the fixed hard set in a fresh process and prints verdicts and groups as JSON (one line), so a
// test can compare an idle run with one on saturated cores. Usage: node --import tsx gradeHardSet.ts
import { gradeAnswer, groupAnswers, extractAnswer } from '../../src/core/grading/index';
import { loadLlama } from './llama';
import { loadCases } from './cases';

/** Pairs that once depended on load, or that take the CAS longest. */
export const HARD_PAIRS: Array<[string, string]> = [
  ['2\\left(\\text{Navin}\\right)', '\\text{Navin}'],
  ['\\text{Navin}', '2\\left(\\text{Navin}\\right)'],
  ['(x+1)^6', 'x^6+6x^5+15x^4+20x^3+15x^2+6x+1'],
  ['x^6 + x^5 + x^4 + x^3 + x^2 + x + 1', 'x^5 + x^4 + x^3 + x^2 + x - 2'],
  ['\\tan^2(y)+1', '\\sec^2(y)'],
  ['\\sin^2 x + \\cos^2 x', '1'],
  ['\\frac{x^2-1}{x-1}', 'x+1'],
  ['y = 2x + 3', '2x - y + 3 = 0'],
  ['-2 \\leq x \\leq 7', '[-2, 7]'],
  [
    '\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} + \\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}',
    '\\begin{pmatrix} 2 & 2 \\\\ 3 & 5 \\end{pmatrix}',
  ],
  ['\\int_0^1 x^2 dx', '\\frac{1}{3}'],
  ['\\sum_{k=1}^{100} k^2', '338350'],
  ['10^{10^{10^{10}}}', '10^{10^{10^{11}}}'],
  ['('.repeat(60) + 'x' + ')'.repeat(60), 'x'],
  ['\\sqrt{x^2}', '|x|'],
];

/** The real vote groups most costly to build: the problems with the most distinct answers. */
const HARD_PROBLEMS = [1, 15, 51, 66, 74, 83, 96];

export function gradeHardSet(): { verdicts: unknown[]; cases: boolean[]; groups: number[][][] } {
  const verdicts = HARD_PAIRS.map(([a, b]) => gradeAnswer(a, b));
  const cases = loadCases().map((c) => gradeAnswer(c.gold, c.pred).equal);
  const llama = loadLlama();
  const groups = HARD_PROBLEMS.map((i) => groupAnswers(llama[i].completions.map(extractAnswer)).map((g) => g.members));
  return { verdicts, cases, groups };
}

if (process.argv[1]?.endsWith('gradeHardSet.ts')) process.stdout.write(JSON.stringify(gradeHardSet()) + '\n');
