// Intervals and null baselines in summary.json and report.md: every figure has a 95% interval that holds
// its value, the bootstrap's width matches theory on known cases (over problems, and over seeds within
// problems), seeds pool, the efficiency ratio's interval opens where resamples do not cross, and the
// report shows the router beside the cross-validated best fixed strategy and each strategy alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCell, gridBootstrap, percentileInterval } from '../../src/eval/bootstrap';
import { ratioInterval } from '../../src/eval/efficiency';
import { renderReport } from '../../src/eval/report';
import { summarize } from '../../src/eval/summary';
import { FIXTURE_BUDGETS, FIXTURE_CONTEXT, FIXTURE_STRATEGIES, fixtureLines } from './fixtures';
import { checkEveryCell } from './summaryChecks';

const context = FIXTURE_CONTEXT;

test('every accuracy, router, fixed-baseline and difference figure has a 95% interval that holds its value', () => {
  const summary = summarize([{ seed: 's', lines: fixtureLines(40) }], context);
  assert.equal(summary.version, 2);
  assert.deepEqual(summary.seeds, ['s']);
  assert.equal(summary.intervals.resamples, 500);
  const cells = checkEveryCell(summary);
  // 3 strategies x 5 budgets, overall and in each of the 10 bins, plus the router and difference curves.
  assert.ok(cells >= 3 * 5 * 11 + 4 * 5, `${cells} cells`);
  // Bootstrap intervals are not degenerate where outcomes vary.
  const [low, high] = summary.accuracyInterval.majority['4'];
  assert.ok(high - low > 0.1, `majority@4 [${low}, ${high}] over 40 problems`);
  // The difference to the fixed baseline is the difference of the two held-out curves.
  for (const binning of ['oracle', 'predicted'] as const)
    summary.computeOptimal[binning].versusFixed.forEach((d, i) => {
      const expected = summary.computeOptimal[binning].curve[i].accuracy - summary.fixedBaseline.curve[i].accuracy;
      assert.ok(Math.abs(d.difference - expected) < 2e-4, `${binning}@${d.budget}: ${d.difference} vs ${expected}`);
    });
});

test('with a single strategy the router is the fixed baseline: the difference and its interval are exactly 0', () => {
  const lines = fixtureLines(30).filter((l) => l.strategy === 'beam');
  const summary = summarize([{ seed: 's', lines }], { ...context, strategies: ['beam'] });
  for (const binning of ['oracle', 'predicted'] as const)
    for (const d of summary.computeOptimal[binning].versusFixed) {
      assert.equal(d.difference, 0);
      assert.deepEqual(d.interval, [0, 0]);
    }
  assert.ok(summary.fixedBaseline.curve.every((p) => p.strategy === 'beam'));
  // No weighted best-of-N: no headline ratio.
  assert.equal(summary.efficiency.headline.predicted, null);
});

test('the bootstrap over problems has the width theory gives: 2 x 1.96 x sqrt(p(1-p)/n)', () => {
  const n = 400;
  const cell = emptyCell({ problems: n, seeds: 1 });
  for (let i = 0; i < n; i++) {
    cell.values[i] = i % 2;
    cell.counts[i] = 1;
  }
  const [low, high] = percentileInterval(gridBootstrap([cell], { problems: n, seeds: 1 }, { resamples: 4000, seed: 'w' })[0]);
  const expected = 2 * 1.96 * Math.sqrt(0.25 / n);
  assert.ok(Math.abs(high - low - expected) < 0.1 * expected, `width ${high - low} vs ${expected}`);
  assert.ok(low < 0.5 && 0.5 < high);
});

test('with several seeds the bootstrap also resamples seeds within each problem: seed-to-seed variation widens the interval', () => {
  // Every problem is right with seed 0 and wrong with seed 1: its mean is always 1/2 over both seeds, so
  // resampling problems alone would give a zero-width interval. Resampling the two seeds within each
  // problem makes a problem's mean 0, 1/2 or 1 (variance 1/8), so the interval is 2 x 1.96 x sqrt(1/(8n)) wide.
  const n = 400;
  const grid = { problems: n, seeds: 2 };
  const cell = emptyCell(grid);
  for (let i = 0; i < n; i++) {
    cell.values[2 * i] = 1;
    cell.values[2 * i + 1] = 0;
    cell.counts[2 * i] = cell.counts[2 * i + 1] = 1;
  }
  const [low, high] = percentileInterval(gridBootstrap([cell], grid, { resamples: 4000, seed: 'w' })[0]);
  const expected = 2 * 1.96 * Math.sqrt(1 / (8 * n));
  assert.ok(Math.abs(high - low - expected) < 0.1 * expected, `width ${high - low} vs ${expected}`);
});

test('seeds pool: n problems x seeds pairs, accuracy the mean over seeds, each seed in the same resamples', () => {
  const seeds = ['0', '1', '2'];
  const runs = seeds.map((seed) => ({ seed, lines: fixtureLines(40, `fixture-${seed}`) }));
  const pooled = summarize(runs, context);
  assert.deepEqual(pooled.seeds, seeds);
  assert.equal(pooled.seed, '0,1,2');
  assert.equal(pooled.dataset.problems, 40);
  for (const binning of ['oracle', 'predicted'] as const)
    assert.equal(
      Object.values(pooled.binCounts[binning]).reduce((a, b) => a + b, 0),
      40 * seeds.length,
    );
  assert.equal(
    pooled.confusion.flat().reduce((a, b) => a + b, 0),
    40 * seeds.length,
  );
  const single = runs.map((run) => summarize([run], context));
  for (const s of FIXTURE_STRATEGIES)
    for (const b of FIXTURE_BUDGETS) {
      const mean = single.reduce((sum, one) => sum + one.accuracy[s][String(b)], 0) / seeds.length;
      assert.ok(Math.abs(pooled.accuracy[s][String(b)] - mean) < 2e-4, `${s}@${b}: ${pooled.accuracy[s][String(b)]} vs ${mean}`);
    }
  // Each seed's held-out router curve comes from its own folds; pooled, it is their mean.
  pooled.computeOptimal.predicted.curve.forEach((p, i) => {
    const mean = single.reduce((sum, one) => sum + one.computeOptimal.predicted.curve[i].accuracy, 0) / seeds.length;
    assert.ok(Math.abs(p.accuracy - mean) < 2e-4, `router@${p.budget}: ${p.accuracy} vs ${mean}`);
  });
  checkEveryCell(pooled);
  assert.match(pooled.intervals.method, /3 seeds with replacement/);
});

test('the efficiency ratio interval: percentiles of the resampled ratios, open on a side where too many resamples do not cross', () => {
  const exact = (ratio: number) => ({ ratio, bound: 'exact' as const });
  const spread = Array.from({ length: 1000 }, (_, i) => exact(1 + i / 100));
  const closed = ratioInterval(spread)!;
  assert.ok(Math.abs(closed.interval[0] - 1.25) < 0.02 && Math.abs(closed.interval[1]! - 10.74) < 0.02, JSON.stringify(closed));
  assert.deepEqual(closed.withoutCrossing, { lowerBound: 0, upperBound: 0 });
  // 5% of resamples: the router already matches the baseline at its smallest budget (ratio at least 32).
  const atLeast = ratioInterval([
    ...spread.slice(50),
    ...Array.from({ length: 50 }, () => ({ ratio: 32, bound: 'lower-bound' as const })),
  ])!;
  assert.equal(atLeast.interval[1], null);
  assert.equal(atLeast.withoutCrossing.lowerBound, 50);
  // 5% never reach it (ratio at most 1): no lower bound above 0.
  const atMost = ratioInterval([...spread.slice(50), ...Array.from({ length: 50 }, () => ({ ratio: 1, bound: 'upper-bound' as const }))])!;
  assert.equal(atMost.interval[0], 0);
  assert.ok(atMost.interval[1] !== null);
  // 1% without a crossing stays within the 2.5% tail: the interval stays closed.
  const few = ratioInterval([...spread.slice(10), ...Array.from({ length: 10 }, () => ({ ratio: 32, bound: 'lower-bound' as const }))])!;
  assert.ok(few.interval[1] !== null && few.interval[1] < 32);
});

test('the headline ratio carries its interval, recomputed on every resample of the problems', () => {
  const summary = summarize([{ seed: 's', lines: fixtureLines(60) }], context);
  for (const binning of ['oracle', 'predicted'] as const) {
    const h = summary.efficiency.headline[binning]!;
    assert.ok(h, `${binning} headline`);
    assert.equal(h.baselineBudget, 16);
    const [low, high] = h.interval;
    assert.ok(low <= h.ratio && (high === null || h.ratio <= high), `${binning}: ${h.ratio} outside [${low}, ${high}]`);
    assert.ok(high === null || high > low, `${binning}: a degenerate interval [${low}, ${high}]`);
    const open = h.withoutCrossing.lowerBound + h.withoutCrossing.upperBound;
    assert.ok(open <= summary.intervals.resamples);
  }
});

test('report.md shows every figure with its interval, the router beside the cross-validated fixed strategy and each strategy alone', () => {
  const summary = summarize([{ seed: 's', lines: fixtureLines(40) }], context);
  const report = renderReport(summary, [], null);
  assert.match(report, /## Router against fixed strategies \(held-out accuracy %, 95% interval\)/);
  const pct = (x: number) => (100 * x).toFixed(1);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;
  const row = (label: string) => {
    const line = report.split('\n').find((l) => l.startsWith(`| ${label} |`));
    assert.ok(line, `report.md has no row '${label}'`);
    return line
      .split('|')
      .slice(2, -1)
      .map((c) => c.trim());
  };
  const routerRow = row('**compute-optimal, predicted bins**');
  summary.computeOptimal.predicted.curve.forEach((p, i) =>
    assert.equal(routerRow[i], `${pct(p.accuracy)} [${pct(p.interval[0])}, ${pct(p.interval[1])}]`),
  );
  const fixedRow = row('**best fixed strategy, cross-validated**');
  summary.fixedBaseline.curve.forEach((p, i) =>
    assert.equal(fixedRow[i], `${pct(p.accuracy)} [${pct(p.interval[0])}, ${pct(p.interval[1])}]`),
  );
  const gainRow = row('compute-optimal (predicted) minus best fixed (cv)');
  summary.computeOptimal.predicted.versusFixed.forEach((d, i) =>
    assert.equal(gainRow[i], `${signed(d.difference)} [${signed(d.interval[0])}, ${signed(d.interval[1])}]`),
  );
  for (const s of FIXTURE_STRATEGIES) {
    const cells = row(s);
    FIXTURE_BUDGETS.forEach((b, i) => {
      const [low, high] = summary.accuracyInterval[s][String(b)];
      assert.equal(cells[i], `${pct(summary.accuracy[s][String(b)])} [${pct(low)}, ${pct(high)}]`);
    });
  }
  assert.match(report, /less compute\*\* \(95% interval \[(0|[\d.]+x), ([\d.]+x|unbounded)\]\)/);
  assert.match(report, /## Efficiency ratio per budget \(95% interval\)/);
  assert.match(report, /## Accuracy \(%\) per oracle difficulty bin, 95% interval/);
  assert.doesNotMatch(report, /## Per seed/);
  // Pooled: the per-seed figures appear, each linking to its own report.
  const pooled = summarize(
    ['0', '1'].map((seed) => ({ seed, lines: fixtureLines(40, seed) })),
    context,
  );
  const withSeeds = renderReport({ ...pooled, perSeed: [] }, [], null);
  assert.match(withSeeds, /40 problems x 2 seeds \(0, 1\), pooled/);
});
