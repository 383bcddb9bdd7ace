// The problem/solution parser (src/shared/documents.ts) on Markdown and .ponder text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastBoxed, parseDocument, problemAt, solutionAt, solutionFor } from '../../src/shared/documents';

const DOC = [
  '# Homework', // 0
  '', // 1
  '## Problem 1', // 2
  'What is $1+1$?', // 3
  '', // 4
  '## Solution', // 5
  '', // 6
  'We add one and one.', // 7
  '', // 8
  '', // 9
  'So the answer is $\\boxed{2}$.', // 10
  '', // 11
  '## Problem 2: harder', // 12
  'Compute $\\frac{1}{2}+\\frac{1}{3}$.', // 13
  'Give a fraction.', // 14
  '### Solution 2', // 15
  'Common denominator: $\\frac{3}{6}+\\frac{2}{6}$.', // 16
  '   ', // 17
  'That is $\\boxed{\\frac{5}{6}}$.', // 18
  '```', // 19
  '# Problem in a code block is not a heading', // 20
  '```', // 21
].join('\n');

test('problems and solutions are found under their headings, with text and ranges', () => {
  const doc = parseDocument(DOC);
  assert.deepEqual(
    doc.problems.map((p) => p.title),
    ['Problem 1', 'Problem 2: harder'],
  );
  assert.equal(doc.problems[0].body.text, 'What is $1+1$?');
  assert.deepEqual(doc.problems[0].body.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 14 } });
  assert.deepEqual(doc.problems[0].heading.start, { line: 2, character: 0 });
  assert.equal(doc.problems[1].body.text, 'Compute $\\frac{1}{2}+\\frac{1}{3}$.\nGive a fraction.');
  assert.equal(DOC.slice(doc.problems[1].body.start, doc.problems[1].body.end), doc.problems[1].body.text);
  assert.equal(doc.solutions.length, 2);
  assert.equal(doc.solutions[0].problemIndex, 0);
  assert.equal(doc.solutions[1].problemIndex, 1);
  assert.equal(doc.solutions[0].answer, '2');
  assert.equal(doc.solutions[1].answer, '\\frac{5}{6}');
});

test('steps are separated by blank lines (whitespace-only lines count as blank) and keep document offsets', () => {
  const doc = parseDocument(DOC);
  const [first, second] = doc.solutions;
  assert.deepEqual(
    first.steps.map((s) => s.text),
    ['We add one and one.', 'So the answer is $\\boxed{2}$.'],
  );
  assert.deepEqual(
    first.steps.map((s) => s.range.start.line),
    [7, 10],
  );
  // The code fence after the last step belongs to the solution body as a step of its own.
  assert.deepEqual(
    second.steps.map((s) => s.range.start.line),
    [16, 18],
  );
  for (const step of [...first.steps, ...second.steps]) assert.equal(DOC.slice(step.start, step.end), step.text);
  assert.equal(second.steps[1].text, 'That is $\\boxed{\\frac{5}{6}}$.\n```\n# Problem in a code block is not a heading\n```');
});

test('CRLF line endings give the same ranges, and offsets still slice the original text', () => {
  const crlf = DOC.replace(/\n/g, '\r\n');
  const doc = parseDocument(crlf);
  const lf = parseDocument(DOC);
  assert.deepEqual(
    doc.solutions[0].steps.map((s) => s.range),
    lf.solutions[0].steps.map((s) => s.range),
  );
  for (const step of doc.solutions[0].steps) assert.equal(crlf.slice(step.start, step.end), step.text);
});

test('the problem under the cursor: in a problem, in its solution, between sections, nowhere', () => {
  const doc = parseDocument(DOC);
  assert.equal(problemAt(doc, { line: 3, character: 4 })?.index, 0);
  assert.equal(problemAt(doc, { line: 2, character: 0 })?.index, 0);
  assert.equal(problemAt(doc, { line: 4, character: 0 })?.index, 0); // trailing blank line of the section
  assert.equal(problemAt(doc, { line: 8, character: 0 })?.index, 0); // inside Solution of problem 1
  assert.equal(problemAt(doc, { line: 18, character: 3 })?.index, 1);
  assert.equal(problemAt(doc, { line: 0, character: 0 }), undefined);
  assert.equal(solutionAt(doc, { line: 13, character: 0 }), undefined);
  assert.equal(solutionFor(doc, { line: 13, character: 0 })?.index, 1); // a problem's first solution
  assert.equal(solutionFor(doc)?.index, 0);
});

test('headings must start with the word Problem or Solution; empty sections are skipped', () => {
  const doc = parseDocument(
    '# Problems with this\nnot a problem\n# problem\n\n# PROBLEM 9\nx\n#Problem\nno space, not a heading\n# Solution\n\n',
  );
  assert.deepEqual(
    doc.problems.map((p) => p.title),
    ['PROBLEM 9'],
  );
  assert.equal(doc.problems[0].body.text, 'x\n#Problem\nno space, not a heading');
  assert.equal(doc.solutions.length, 0);
});

test('lastBoxed takes the last box with balanced braces and ignores unbalanced ones', () => {
  assert.equal(lastBoxed('\\boxed{1} then \\boxed{\\frac{a}{b}}'), '\\frac{a}{b}');
  assert.equal(lastBoxed('\\fbox{ 7 }'), '7');
  assert.equal(lastBoxed('\\boxed{\\{1,2\\}}'), '\\{1,2\\}');
  assert.equal(lastBoxed('\\boxed{3} and \\boxed{unclosed'), '3');
  assert.equal(lastBoxed('no answer'), null);
});
