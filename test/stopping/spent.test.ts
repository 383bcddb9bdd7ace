// What `ponder eval` reports of adaptive runs: generations spent per strategy and budget, and what the
// held-out router spent when it routed to an adaptive variant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyUsage } from '../../src/shared/events';
import { crossValidate } from '../../src/eval/optimal';
import { outcomesFromResults } from '../../src/eval/outcomes';
import type { ResultLine } from '../../src/eval/results';
import { spentTable } from '../../src/eval/spent';

function line(id: string, strategy: string, budget: number, spent: number, correct: boolean, signal = 0.5): ResultLine {
  return {
    unique_id: id,
    level: 1,
    strategy,
    budget,
    params: {},
    answer: '1',
    correct,
    usage: { ...emptyUsage(), generations: spent },
    bin: 1,
    predictedBin: 1,
    signal,
  };
}

test('spentTable: mean, share of the budget and quartiles per strategy and budget', () => {
  const spent = [4, 4, 8, 16];
  const lines = [
    ...spent.map((g, i) => line(`p${i}`, 'majority:settle=0.95', 16, g, true)),
    ...spent.map((_, i) => line(`p${i}`, 'majority', 16, 16, true)),
  ];
  const table = spentTable(lines);
  assert.deepEqual(table['majority:settle=0.95']['16'], { mean: 8, share: 0.5, quartiles: [4, 4, 8, 8, 16] });
  assert.deepEqual(table.majority['16'], { mean: 16, share: 1, quartiles: [16, 16, 16, 16, 16] });
});

test('the held-out router is charged what the variant it routes to spent, not the budget', () => {
  // The adaptive variant is right everywhere and spends 4 of 16: every fold's table routes to it.
  const lines = Array.from({ length: 8 }, (_, i) => [
    line(`p${i}`, 'majority:settle=0.95', 16, 4, true, i / 8),
    line(`p${i}`, 'majority', 16, 16, i % 2 === 0, i / 8),
  ]).flat();
  const cv = crossValidate(outcomesFromResults(lines), 2, 's', {
    budgets: [16],
    strategies: ['majority', 'majority:settle=0.95'],
    probeSize: 4,
    binning: 'predicted',
  });
  const spent = [...cv.heldOutSpent.values()].map((row) => row.get(16));
  assert.deepEqual(spent, Array(8).fill(4), `expected the router to spend 4 on every problem, got ${spent.join(', ')}`);
});
