// The grader's conventions, one assertion per rule of issue 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeAnswer, groupAnswers, normalizeAnswer } from '../../src/core/grading/index';
import { equivalent } from '../../src/core/grading/equivalence';
import { WorkBudget } from '../../src/core/grading/workBudget';

// Verdicts are bounded by work, not time: one call is the verdict, on any machine and under any load.
const verdict = (a: string, b: string): boolean => gradeAnswer(a, b).equal;
const same = (a: string, b: string) => assert.ok(verdict(a, b), `${a} should equal ${b}`);
const differ = (a: string, b: string) => assert.ok(!verdict(a, b), `${a} should differ from ${b}`);

test('numbers: fractions, decimals, mixed numbers, thousands, radicals, pi', () => {
  same('\\frac{1}{2}', '0.5');
  same('\\dfrac12', '1/2');
  same('2\\frac{1}{2}', '\\frac{5}{2}');
  same('7,425,000', '7425000');
  same('3\\sqrt{13}', '\\sqrt{117}');
  same('2\\pi', '6.283185307');
  differ('\\pi', '3.14');
  differ('\\frac{1}{3}', '0.333');
  differ('10000000001', '10000000000');
});

test('percent, degrees, units, currency, text and choice letters', () => {
  same('10\\%', '0.1');
  same('10\\%', '10');
  same('90^\\circ', '90');
  same('125\\text{ miles}', '125');
  same('\\$10', '10');
  same('\\text{Evelyn}', 'evelyn');
  same('\\text{(C)}', 'C');
  differ('\\text{(C)}', 'D');
});

test('tuples are ordered, lists and sets are not, intervals keep their ends', () => {
  differ('(1,3)', '(3,1)');
  same('(1, 2)', '\\left(1,2\\right)');
  same('3, 5', '5 and 3');
  same('\\{1,2\\}', '\\{2,1\\}');
  differ('[1,2)', '(1,2)');
  same('(-\\infty, 3] \\cup (4, 5)', '(4,5) \\cup (-\\infty,3]');
  same('x \\in [-2,7]', '-2 \\leq x \\leq 7');
});

test('equations, inequalities, \\pm, matrices, base-n', () => {
  same('y = 2x+3', '2x+3');
  same('2x+4y-3=0', 'y=-\\frac{1}{2}x+\\frac{3}{4}');
  differ('7 = 11a+c', '11a+c');
  same('x \\geq 5', '5 \\leq x');
  differ('x < 1', 'x > -1');
  same('1 \\pm \\sqrt{19}', '1-\\sqrt{19}, 1+\\sqrt{19}');
  differ('\\pm 2021', '2021');
  same('\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{bmatrix}1\\\\2\\end{bmatrix}');
  differ('\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}');
  same('204_5', '54');
  differ('204_5', '204');
});

test('symbolic expressions go through the CAS', () => {
  same('(x+1)^2', 'x^2+2x+1');
  same('\\tan^2(y)+1', '\\sec^2(y)');
  differ('x+2n+1', 'x+1');
  // Single letters joined by minus signs are expressions, not words (a real Llama answer `p-q` against gold `p - q`).
  same('p - q', 'p-q');
  same('x-y', '-y + x');
  differ('p - q', 'q-p');
  same('No Solution', 'no solution');
});

test('a spent work budget reports that instead of a verdict', () => {
  assert.deepEqual(equivalent('(x+1)^2', 'x^2+2x+1', new WorkBudget(0)), { equal: false, exhausted: true });
});

test('hostile inputs return promptly with a verdict', () => {
  assert.deepEqual(gradeAnswer('10^{10^{10^{10}}}', '10^{10^{10^{11}}}'), { equal: false });
  assert.equal(gradeAnswer('{'.repeat(5000), '}'.repeat(5000)).equal, false);
  assert.equal(normalizeAnswer('\\boxed{\\dfrac{1}{2}}'), '\\frac{1}{2}');
});

test('grouping: equivalent answers share a group, in order of first appearance; null is never grouped', () => {
  const groups = groupAnswers(['\\frac{1}{2}', null, '0.5', '(1,3)', '(3,1)', '1/2', null, '(1, 3)']);
  assert.deepEqual(
    groups.map((g) => [g.answer, g.members]),
    [
      ['\\frac{1}{2}', [0, 2, 5]],
      ['(1,3)', [3, 7]],
      ['(3,1)', [4]],
    ],
  );
  assert.deepEqual(groupAnswers([null, null]), []);
});
