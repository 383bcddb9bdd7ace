// Checks shared by the eval tests: every figure of a summary.json carries a 95% interval that holds it.
import assert from 'node:assert/strict';
import type { Interval95, Summary } from '../../src/eval/summary';

function holds(interval: Interval95 | undefined, value: number, what: string): void {
  assert.ok(interval, `${what} has no interval`);
  assert.ok(interval[0] <= value && value <= interval[1], `${what}: ${value} outside [${interval[0]}, ${interval[1]}]`);
}

/** Every accuracy-like figure of a summary with its interval; fails when one lacks it or lies outside. */
export function checkEveryCell(summary: Summary): number {
  let cells = 0;
  const tables: [string, Summary['accuracy'], Summary['accuracyInterval']][] = [['accuracy', summary.accuracy, summary.accuracyInterval]];
  for (const binning of ['oracle', 'predicted'] as const)
    for (const bin of ['1', '2', '3', '4', '5'])
      tables.push([`${binning} bin ${bin}`, summary.accuracyByBin[binning][bin], summary.accuracyByBinInterval[binning][bin]]);
  for (const [name, values, intervals] of tables)
    for (const [strategy, row] of Object.entries(values))
      for (const [budget, value] of Object.entries(row)) {
        holds(intervals[strategy]?.[budget], value, `${name} ${strategy}@${budget}`);
        cells++;
      }
  for (const binning of ['oracle', 'predicted'] as const) {
    const co = summary.computeOptimal[binning];
    assert.equal(co.curve.length, summary.budgets.length);
    assert.equal(co.versusFixed.length, summary.budgets.length);
    for (const p of co.curve) holds(p.interval, p.accuracy, `router (${binning})@${p.budget}`);
    for (const d of co.versusFixed) holds(d.interval, d.difference, `router (${binning}) - fixed@${d.budget}`);
    for (const p of summary.efficiency.curve[binning]) {
      const [low, high] = p.interval;
      assert.ok(low <= (high ?? Infinity), `efficiency (${binning})@${p.budget}: [${low}, ${high}]`);
    }
    cells += 2 * summary.budgets.length;
  }
  for (const p of summary.fixedBaseline.curve) {
    holds(p.interval, p.accuracy, `cross-validated fixed@${p.budget}`);
    assert.ok(summary.strategies.includes(p.strategy), p.strategy);
  }
  return cells;
}
