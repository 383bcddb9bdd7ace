// Two held-out routers compared, paired by problem and seed: the same eval twice differs in nothing, a router
// that spends half at every budget saves half at each and needs half the generations to reach the baseline,
// and one that is never right never gets there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetToReach } from '../../src/eval/efficiency';
import { compareRouters } from '../../src/eval/routerComparison';
import type { ResultLine } from '../../src/eval/results';
import { analyseSeed, summarize } from '../../src/eval/summary';
import { FIXTURE_BUDGETS, FIXTURE_CONTEXT, fixtureLines } from './fixtures';

const context = FIXTURE_CONTEXT;
const options = { baseline: 'weighted-best-of-n', at: 8, resamples: 400, seed: 'reach' };
const seeds = ['0', '1'];
const lines = (seed: string) => fixtureLines(60, `fixture-${seed}`);
const analysed = (edit: (l: ResultLine) => ResultLine = (l) => l) =>
  seeds.map((seed) => analyseSeed({ seed, lines: lines(seed).map(edit) }, context));

test('the same eval twice: the reach is the summary curve’s, and nothing differs', () => {
  const comparison = compareRouters(analysed(), analysed(), options);
  const { reach } = comparison;
  const summary = summarize(
    seeds.map((seed) => ({ seed, lines: lines(seed) })),
    context,
  );
  const { curve, spent } = summary.computeOptimal.predicted;
  const expected = budgetToReach(
    curve.map((p, i) => ({ ...p, spent: spent![i].mean })),
    summary.accuracy['weighted-best-of-n']['8'],
  );
  assert.equal(expected.bound, 'exact', 'the fixture’s router crosses the target between two budgets');
  assert.ok(Math.abs(reach.first.value - expected.budget) < 0.05, `${reach.first.value} against the summary's ${expected.budget}`);
  assert.equal(reach.second.value, reach.first.value);
  assert.deepEqual(reach.saved, { value: 0, interval: [0, 0] });
  const nothing = { value: 0, interval: [0, 0] };
  assert.deepEqual(
    comparison.budgets,
    FIXTURE_BUDGETS.map((budget) => ({ budget, accuracy: nothing, spent: nothing })),
  );
  assert.equal(comparison.problems, 60);
  assert.equal(comparison.seeds, 2);
});

test('a router that spends half of every budget reaches the target with half the generations, beyond the interval', () => {
  const half = (l: ResultLine): ResultLine => ({ ...l, usage: { ...l.usage, generations: l.budget / 2 } });
  const comparison = compareRouters(analysed(), analysed(half), options);
  const { reach } = comparison;
  for (const { budget, accuracy, spent } of comparison.budgets) {
    assert.deepEqual(accuracy, { value: 0, interval: [0, 0] });
    assert.ok(Math.abs(spent.value + budget / 2) < 1e-9, `budget ${budget} saves ${-spent.value}`);
  }
  assert.ok(Math.abs(reach.second.value - reach.first.value / 2) < 1e-9);
  assert.ok(Math.abs(reach.saved.value - reach.first.value / 2) < 1e-9);
  assert.ok(reach.saved.interval[0] > 0, `saved interval ${reach.saved.interval}`);
  assert.ok(reach.target.interval[0] < reach.target.value && reach.target.value < reach.target.interval[1]);
});

test('a router that never reaches the target needs infinitely many generations, and the interval says so', () => {
  const wrong = (l: ResultLine): ResultLine => ({ ...l, correct: 0 });
  const comparison = compareRouters(analysed(), analysed(wrong), options);
  const { reach } = comparison;
  const atMost = comparison.budgets.at(-1)!.accuracy;
  assert.ok(atMost.value < 0 && atMost.interval[1] < 0, `accuracy difference ${JSON.stringify(atMost)}`);
  assert.equal(reach.second.value, Number.POSITIVE_INFINITY);
  assert.equal(reach.saved.value, Number.NEGATIVE_INFINITY);
  assert.equal(reach.saved.interval[1], Number.NEGATIVE_INFINITY);
});

test('evals of other seeds or budgets are not compared', () => {
  const other = [analyseSeed({ seed: '7', lines: lines('7') }, context)];
  assert.throws(() => compareRouters(analysed(), other, options), /no seed 0: compare evals run with the same --seeds/);
  const fewer = seeds.map((seed) =>
    analyseSeed({ seed, lines: lines(seed).filter((l) => l.budget < 16) }, { ...context, budgets: [1, 2, 4, 8] }),
  );
  assert.throws(() => compareRouters(analysed(), fewer, options), /did not sweep the budgets 16/);
});
