// All 368 labelled answer-equivalence cases: agreement overall and per category, printed; at least 97%
// on the cases without a `suspect` mark (labels we judge wrong are corrected in expectations.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeCase, loadCases, loadCorrections, type CaseOutcome } from './cases';

const cases = loadCases();
const corrections = loadCorrections();
const outcomes: CaseOutcome[] = cases.map((c) => gradeCase(c, corrections));

function share(list: CaseOutcome[], agree: (o: CaseOutcome) => boolean): string {
  const n = list.filter(agree).length;
  return `${n}/${list.length} (${((100 * n) / Math.max(1, list.length)).toFixed(1)}%)`;
}

test('agreement with the labelled cases, overall and per category', () => {
  const clean = outcomes.filter((o) => !o.case.suspect);
  const lines = [
    `answer-equivalence cases: ${cases.length}, ${cases.length - clean.length} marked suspect, ${corrections.size} labels corrected, ${outcomes.filter((o) => o.exhausted).length} undecided within the work budget`,
    `  agreement with corrected labels, non-suspect: ${share(clean, (o) => o.verdict === o.expected)}`,
    `  agreement with corrected labels, all:         ${share(outcomes, (o) => o.verdict === o.expected)}`,
    `  agreement with raw labels, non-suspect:       ${share(clean, (o) => o.verdict === o.case.equal)}`,
    `  agreement with raw labels, all:               ${share(outcomes, (o) => o.verdict === o.case.equal)}`,
    '  per category (corrected labels, all cases):',
  ];
  const categories = [...new Set(cases.map((c) => c.category))].sort();
  for (const category of categories) {
    const inCategory = outcomes.filter((o) => o.case.category === category);
    lines.push(`    ${category.padEnd(22)} ${share(inCategory, (o) => o.verdict === o.expected)}`);
  }
  const disagreements = outcomes.filter((o) => o.verdict !== o.expected);
  lines.push(
    '  undecided within the work budget: ' +
      outcomes
        .filter((o) => o.exhausted)
        .map((o) => `#${o.case.index}`)
        .join(', '),
  );
  lines.push('  disagreements: ' + disagreements.map((o) => `#${o.case.index}${o.case.suspect ? ' (suspect)' : ''}`).join(', '));
  console.log(lines.join('\n'));
  const agreement = clean.filter((o) => o.verdict === o.expected).length / clean.length;
  assert.ok(agreement >= 0.97, `agreement on non-suspect cases is ${(agreement * 100).toFixed(1)}%, below 97%`);
});

test('every correction names a real case, flips its label and says why', () => {
  for (const [index, correction] of corrections) {
    const c = cases[index];
    assert.ok(c, `expectations.json names case ${index}, which does not exist`);
    assert.notEqual(correction.expected, c.equal, `case ${index}: the correction does not change the label`);
    assert.ok(correction.reason.length > 20, `case ${index}: give a reason`);
  }
});

test('whole responses yield an answer on both sides', () => {
  const missing = outcomes.filter((o) => o.case.kind === 'output' && (o.goldAnswer === null || o.predAnswer === null));
  assert.deepEqual(
    missing.map((o) => o.case.index),
    [],
  );
});
