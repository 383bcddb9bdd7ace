// Unit tests of the evaluation maths: subsets, bins, compute-optimal selection, efficiency, bootstrap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSubsets, passAt1, type PreparedPool } from '../../src/eval/subsets';
import { binOfSignal, confusion, oracleBins, probeSignal, quantileThresholds } from '../../src/eval/bins';
import { budgetToReach, efficiencyCurve, headlineRatio } from '../../src/eval/efficiency';
import { crossValidate, heldOutCurve, learnTable, makeFolds, type SelectionOptions } from '../../src/eval/optimal';
import { pairedBootstrap } from '../../src/eval/bootstrap';
import { createRng, sampleIndices } from '../../src/eval/random';
import type { ProblemOutcomes } from '../../src/eval/outcomes';

/** groups: [right answer, distractor]; `right[i]` says whether sample i is right. */
function pool(right: boolean[], scores: number[]): PreparedPool {
  return {
    groupOf: right.map((r) => (r ? 0 : 1)),
    lastScores: scores,
    groups: [
      { answer: '42', correct: true },
      { answer: '7', correct: false },
    ],
  };
}

test('sampleIndices draws distinct indices, reproducibly per seed', () => {
  const a = sampleIndices(createRng('s'), 10, 10);
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(sampleIndices(createRng('s'), 10, 4), sampleIndices(createRng('s'), 10, 4));
  assert.notDeepEqual(sampleIndices(createRng('s'), 100, 10), sampleIndices(createRng('t'), 100, 10));
});

test('the whole pool is one draw and gives the exact vote; a budget of 1 averages to pass@1', () => {
  // 3 right (low scores), 5 wrong (one high score), so majority is wrong, best-of-n wrong, weighted right.
  const p = pool([true, true, true, false, false, false, false, false], [0.9, 0.9, 0.9, 0.95, 0.1, 0.1, 0.1, 0.1]);
  const out = evaluateSubsets(p, ['majority', 'best-of-n', 'weighted-best-of-n'], [1, 8], { draws: 4000, seed: 'x', probeAt: () => 0 });
  assert.deepEqual(out.get('majority')!.get(8), { correct: 0, answer: '7', draws: 1 });
  assert.equal(out.get('best-of-n')!.get(8)!.correct, 0);
  assert.equal(out.get('weighted-best-of-n')!.get(8)!.correct, 1); // 2.7 vs 1.35
  for (const s of ['majority', 'best-of-n', 'weighted-best-of-n'] as const) {
    const at1 = out.get(s)!.get(1)!;
    assert.equal(at1.draws, 4000);
    assert.ok(Math.abs(at1.correct - passAt1(p)) < 0.03, `${s}@1 = ${at1.correct}, pass@1 = ${passAt1(p)}`);
  }
});

test('ties count as the share of tied answers that are right', () => {
  const p = pool([true, false], [0.5, 0.5]);
  const out = evaluateSubsets(p, ['majority', 'best-of-n', 'weighted-best-of-n'], [2], { draws: 1, seed: 'x', probeAt: () => 0 });
  for (const s of out.values()) assert.equal(s.get(2)!.correct, 0.5);
});

test('samples without an answer never win a vote', () => {
  const p: PreparedPool = { groupOf: [-1, -1, 0], lastScores: [0.99, 0.99, 0.1], groups: [{ answer: '1', correct: true }] };
  const out = evaluateSubsets(p, ['best-of-n', 'majority'], [3], { draws: 1, seed: 'x', probeAt: () => 0 });
  assert.equal(out.get('best-of-n')!.get(3)!.correct, 1);
  assert.equal(out.get('majority')!.get(3)!.correct, 1);
  assert.throws(() => evaluateSubsets(p, ['majority'], [4], { draws: 1, seed: 'x', probeAt: () => 0 }), /exceeds the pool/);
});

test('oracle bins are equal quantile groups by pass@1, easiest first', () => {
  const pass = new Map(Array.from({ length: 10 }, (_, i) => [`p${i}`, i / 10] as const));
  const bins = oracleBins(pass, 'seed');
  assert.equal(bins.get('p9'), 1);
  assert.equal(bins.get('p8'), 1);
  assert.equal(bins.get('p0'), 5);
  const counts = [1, 2, 3, 4, 5].map((b) => [...bins.values()].filter((x) => x === b).length);
  assert.deepEqual(counts, [2, 2, 2, 2, 2]);
  // All tied: still equal sizes.
  const tied = oracleBins(new Map(Array.from({ length: 5 }, (_, i) => [`q${i}`, 1] as const)), 'seed');
  assert.deepEqual([...tied.values()].sort(), [1, 2, 3, 4, 5]);
});

test('predicted bins: probe signal, quantile cut points, signal to bin, confusion', () => {
  const p = pool([true, false, true, true], [0.8, 0.2, 0.6, 0.0]);
  assert.equal(probeSignal(p, 2, 'verifier'), 0.5);
  assert.equal(probeSignal(p, 4, 'agreement'), 0.75);
  const cuts = quantileThresholds([0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(cuts, [0.2, 0.4, 0.6, 0.8]);
  assert.equal(binOfSignal(0.95, cuts), 1);
  assert.equal(binOfSignal(0.1, cuts), 5);
  assert.equal(binOfSignal(0.5, cuts), 3);
  const m = confusion([
    { oracle: 1, predicted: 1 },
    { oracle: 1, predicted: 2 },
    { oracle: 5, predicted: 5 },
  ]);
  assert.equal(m[0][0], 1);
  assert.equal(m[0][1], 1);
  assert.equal(m[4][4], 1);
});

test('budgetToReach interpolates linearly in log2 budget and reports bounds', () => {
  const curve = [
    { budget: 1, accuracy: 0.2 },
    { budget: 4, accuracy: 0.4 },
    { budget: 16, accuracy: 0.6 },
  ];
  const close = (actual: { budget: number; bound: string }, budget: number, bound: string) => {
    assert.equal(actual.bound, bound);
    assert.ok(Math.abs(actual.budget - budget) < 1e-9, `${actual.budget} != ${budget}`);
  };
  close(budgetToReach(curve, 0.3), 2, 'exact');
  close(budgetToReach(curve, 0.5), 8, 'exact');
  assert.deepEqual(budgetToReach(curve, 0.1), { budget: 1, bound: 'at-most' });
  assert.deepEqual(budgetToReach(curve, 0.9), { budget: 16, bound: 'beyond' });
  const eff = efficiencyCurve(
    [
      { budget: 2, accuracy: 0.5 },
      { budget: 4, accuracy: 0.9 },
    ],
    curve,
  );
  close({ budget: eff[0].baselineBudget, bound: eff[0].bound }, 8, 'exact');
  assert.ok(Math.abs(eff[0].ratio - 4) < 1e-9);
  assert.equal(eff[1].bound, 'lower-bound');
  assert.equal(eff[1].ratio, 4); // at least 16 / 4
  // Headline: baseline reaches 0.6 at 16; the optimal curve gets there at 2^(1 + 0.25) generations.
  const h = headlineRatio(
    [
      { budget: 2, accuracy: 0.5 },
      { budget: 4, accuracy: 0.9 },
    ],
    curve,
    16,
  )!;
  assert.equal(h.bound, 'exact');
  assert.ok(Math.abs(h.optimalBudget - 2 ** 1.25) < 1e-9);
  assert.ok(Math.abs(h.ratio - 16 / 2 ** 1.25) < 1e-9);
});

test('efficiency counts the generations spent: a policy that stops under its ceiling costs what it drew, and so does the baseline', () => {
  const baseline = [
    { budget: 1, accuracy: 0.2 },
    { budget: 4, accuracy: 0.4 },
    { budget: 16, accuracy: 0.6, spent: 8 },
  ];
  // Ceilings 4 and 16, spending 2 and 4: the target 0.6 is reached at 2^(1 + 0.25) generations spent.
  const adaptive = [
    { budget: 4, accuracy: 0.5, spent: 2 },
    { budget: 16, accuracy: 0.9, spent: 4 },
  ];
  const h = headlineRatio(adaptive, baseline, 16)!;
  assert.equal(h.baselineSpent, 8, 'the baseline at a ceiling of 16 spent 8');
  assert.ok(Math.abs(h.optimalBudget - 2 ** 1.25) < 1e-9, `optimal ${h.optimalBudget}`);
  assert.ok(Math.abs(h.ratio - 8 / 2 ** 1.25) < 1e-9, `ratio ${h.ratio}: spent against spent, not 16 against it`);
  const [first] = efficiencyCurve(adaptive, baseline);
  assert.ok(Math.abs(first.ratio - first.baselineBudget / 2) < 1e-9, 'the ratio divides by the 2 generations spent, not the ceiling of 4');
  assert.deepEqual(budgetToReach(adaptive, 0.4), { budget: 2, bound: 'at-most' });
});

type Row = Record<string, Record<number, number>>;
const byStrategy = (rows: Row) =>
  new Map(Object.entries(rows).map(([s, row]) => [s, new Map(Object.entries(row).map(([b, v]) => [Number(b), v]))]));

function problem(id: string, oracleBin: 1 | 3 | 5, signal: number, correct: Row, spent?: Row): ProblemOutcomes {
  return {
    uniqueId: id,
    level: null,
    oracleBin,
    signal: new Map([1, 2, 4, 8].map((b) => [b, signal])),
    correct: byStrategy(correct),
    ...(spent ? { spent: byStrategy(spent) } : {}),
  };
}

test('compute-optimal selection picks per bin, reading every strategy at the budget it was measured at', () => {
  // Easy problems: majority always right, beam wrong. Hard problems: beam right from budget 4 (measured
  // with the probe included, as the eval runs it), majority wrong.
  const easy = (i: number) => problem(`e${i}`, 1, 0.9, { majority: { 1: 1, 2: 1, 4: 1, 8: 1 }, beam: { 1: 0, 2: 0, 4: 0, 8: 0 } });
  const hard = (i: number) => problem(`h${i}`, 5, 0.1, { majority: { 1: 0, 2: 0, 4: 0, 8: 0 }, beam: { 1: 0, 2: 0, 4: 1, 8: 1 } });
  const problems = [...Array.from({ length: 10 }, (_, i) => easy(i)), ...Array.from({ length: 10 }, (_, i) => hard(i))];
  const base = { budgets: [1, 2, 4, 8], strategies: ['majority', 'beam'], probeSize: 2 };
  const oracle: SelectionOptions = { ...base, binning: 'oracle' };
  const predicted: SelectionOptions = { ...base, binning: 'predicted' };
  const table = learnTable(problems, oracle);
  assert.equal(table.choice.get(1)!.get(4), 'majority');
  assert.equal(table.choice.get(5)!.get(4), 'beam');
  const oracleCurve = heldOutCurve(crossValidate(problems, 2, 's', oracle), base.budgets);
  assert.deepEqual(
    oracleCurve.map((p) => p.accuracy),
    [0.5, 0.5, 1, 1],
  );
  // Predicted bins need the probe (none at budget 1: every problem sits in bin 3, one choice for all);
  // from budget 2 on, the probe tells easy from hard and each gets its strategy at the same budget.
  const predictedCurve = heldOutCurve(crossValidate(problems, 2, 's', predicted), base.budgets);
  assert.deepEqual(
    predictedCurve.map((p) => p.accuracy),
    [0.5, 0.5, 1, 1],
  );
});

test('a bin keeps the overall best strategy when its own best wins by less than a standard error', () => {
  // Everywhere majority is right on 8 of 10 problems. In the easy bin beam is right on one problem more
  // (a gain of 0.1 with a standard error of 0.1: noise); in the hard bin on 6 more (a clear gain).
  const row = (v: number) => ({ 1: v, 2: v, 4: v, 8: v });
  const easy = Array.from({ length: 10 }, (_, i) => problem(`e${i}`, 1, 0.9, { majority: row(i < 8 ? 1 : 0), beam: row(i < 9 ? 1 : 0) }));
  const hard = Array.from({ length: 10 }, (_, i) => problem(`h${i}`, 5, 0.1, { majority: row(i < 2 ? 1 : 0), beam: row(i < 8 ? 1 : 0) }));
  const options: SelectionOptions = { budgets: [1, 2, 4, 8], strategies: ['majority', 'beam'], probeSize: 2, binning: 'oracle' };
  // A middle bin where only majority is right makes majority the overall best.
  const majorityWins = Array.from({ length: 30 }, (_, i) => problem(`m${i}`, 3, 0.5, { majority: row(1), beam: row(0) }));
  const table = learnTable([...easy, ...hard, ...majorityWins], options);
  assert.equal(table.choice.get(3)!.get(4), 'majority');
  assert.equal(table.choice.get(1)!.get(4), 'majority'); // beam's edge in bin 1 is within a standard error
  assert.equal(table.choice.get(5)!.get(4), 'beam');
  // The cross-validated fixed baseline is the single best strategy of the other folds, applied to each problem.
  const cv = crossValidate([...easy, ...hard, ...majorityWins], 2, 's', options);
  for (const row of cv.heldOutFixed.values()) assert.equal(row.size, 4);
});

test('a strategy as accurate that spends far fewer generations is chosen, overall and in a bin; one behind within noise is not', () => {
  // At budget 8, `fixed` is right on 30 of 40 problems and spends 8; `adaptive` (a stopping variant) is right
  // on 30 too (it loses two of fixed's and wins two more) and spends 3; `cheap` spends 1 and is right on 15.
  const options: SelectionOptions = { budgets: [8], strategies: ['fixed', 'adaptive', 'cheap'], probeSize: 2, binning: 'oracle' };
  const make = (adaptiveSpent: number, adaptiveLast = 31) =>
    Array.from({ length: 40 }, (_, i) =>
      problem(
        `p${i}`,
        3,
        0.5,
        { fixed: { 8: i < 30 ? 1 : 0 }, adaptive: { 8: i >= 2 && i <= adaptiveLast ? 1 : 0 }, cheap: { 8: i < 15 ? 1 : 0 } },
        { fixed: { 8: 8 }, adaptive: { 8: adaptiveSpent }, cheap: { 8: 1 } },
      ),
    );
  assert.equal(learnTable(make(3), options).choice.get(3)!.get(8), 'adaptive');
  // Saving one generation in eight (under MIN_SAVING) is not worth replacing the choice.
  assert.equal(learnTable(make(7), options).choice.get(3)!.get(8), 'fixed');
  // Right on 29 of 40: 0.025 behind, well within a standard error (0.044), yet the router does not give up
  // that accuracy for generations: the budget is the user's ceiling, and the savings come from stopping.
  assert.equal(learnTable(make(3, 30), options).choice.get(3)!.get(8), 'fixed');
  // In an easy bin `adaptive` is as accurate as `fixed` (19 right each) and spends 2; in the hard bin it is
  // clearly worse and spends the ceiling, so `fixed` is the overall choice; the easy bin keeps its cheaper one.
  const easy = Array.from({ length: 20 }, (_, i) =>
    problem(`e${i}`, 1, 0.9, { fixed: { 8: i < 19 ? 1 : 0 }, adaptive: { 8: i >= 1 ? 1 : 0 } }, { fixed: { 8: 8 }, adaptive: { 8: 2 } }),
  );
  const hard = Array.from({ length: 40 }, (_, i) =>
    problem(`h${i}`, 5, 0.1, { fixed: { 8: i < 30 ? 1 : 0 }, adaptive: { 8: i < 10 ? 1 : 0 } }, { fixed: { 8: 8 }, adaptive: { 8: 8 } }),
  );
  const binned = learnTable([...easy, ...hard], { ...options, strategies: ['fixed', 'adaptive'] });
  assert.equal(binned.choice.get(5)!.get(8), 'fixed');
  assert.equal(binned.choice.get(3)!.get(8), 'fixed');
  assert.equal(binned.choice.get(1)!.get(8), 'adaptive');
});

test('pool subsets always hold the probe: the first samples are in every draw', () => {
  // The first two samples are right, the other six wrong: with the probe of 2 held, majority at 3 is
  // always 2 right of 3; without it, only when both right ones are drawn.
  const p = pool([true, true, false, false, false, false, false, false], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  const held = evaluateSubsets(p, ['majority'], [3], { draws: 200, seed: 'x', probeAt: () => 2 });
  assert.equal(held.get('majority')!.get(3)!.correct, 1);
  const free = evaluateSubsets(p, ['majority'], [3], { draws: 200, seed: 'x', probeAt: () => 0 });
  assert.ok(free.get('majority')!.get(3)!.correct < 0.5);
});

test('folds partition the problems', () => {
  const folds = makeFolds([1, 2, 3, 4, 5, 6, 7], 2, 'x');
  assert.equal(folds.length, 2);
  assert.deepEqual(folds.flat().sort(), [1, 2, 3, 4, 5, 6, 7]);
});

test('paired bootstrap: interval around the mean difference, degenerate when outcomes agree', () => {
  const same = pairedBootstrap([1, 0, 1, 0], [1, 0, 1, 0], { seed: 'x' });
  assert.deepEqual(same, { mean: 0, low: 0, high: 0 });
  const a = Array.from({ length: 200 }, (_, i) => (i % 10 < 7 ? 1 : 0));
  const b = Array.from({ length: 200 }, (_, i) => (i % 10 < 5 ? 1 : 0));
  const ci = pairedBootstrap(a, b, { seed: 'x' });
  assert.ok(Math.abs(ci.mean - 0.2) < 1e-9);
  assert.ok(ci.low > 0.1 && ci.low < 0.2 && ci.high > 0.2 && ci.high < 0.3, JSON.stringify(ci));
});
