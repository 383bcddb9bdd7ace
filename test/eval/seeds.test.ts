// `ponder eval --seeds` end to end against `ponder sim`: each seed runs (one cache in the output folder)
// and writes its own outputs in DIR/seed-S; summary.json and report.md pool them (n problems x seeds),
// with intervals over problems and seeds; `--seed S` is `--seeds S`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSim, MATH500, type Sim } from '../helpers/sim';
import { readResults } from '../../src/eval/results';
import type { Summary } from '../../src/eval/summary';
import { endpointArgs, runCli, tempDir, type CliResult } from './cli';
import { checkEveryCell } from './summaryChecks';

const PROBLEMS = 6;
const BUDGETS = [1, 2, 4];
const STRATEGIES = ['majority', 'weighted-best-of-n', 'beam'];
const SEEDS = ['0', '1', '2'];
let sim: Sim;
let dir: string;
let pooledRun: CliResult;

function evalArgs(out: string, seeds: string[]): string[] {
  return [
    'eval',
    '--dataset',
    MATH500,
    '--limit',
    String(PROBLEMS),
    '--budgets',
    BUDGETS.join(','),
    '--strategies',
    STRATEGIES.join(','),
    '--out',
    out,
    '--json',
    ...seeds,
    ...endpointArgs(sim),
  ];
}

const readSummary = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;

/** The lines without the verifier call count, which depends on how calls happened to batch. */
const comparable = (out: string) =>
  readResults(join(out, 'results.jsonl')).map((line) => ({ ...line, usage: { ...line.usage, verifierCalls: 0 } }));

before(async () => {
  sim = await startSim(['--problems', MATH500]);
  dir = tempDir('pooled');
  pooledRun = await runCli(evalArgs(join(dir, 'pooled'), ['--seeds', SEEDS.join(',')]));
});

after(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('--seeds pools every seed: n problems x seeds, the mean of the seeds, intervals on every figure, per-seed figures', () => {
  assert.equal(pooledRun.code, 0, pooledRun.stderr);
  const out = join(dir, 'pooled');
  const pooled = readSummary(out);
  assert.deepEqual(pooled.seeds, SEEDS);
  assert.equal(pooled.dataset.problems, PROBLEMS);
  for (const binning of ['oracle', 'predicted'] as const)
    assert.equal(
      Object.values(pooled.binCounts[binning]).reduce((a, b) => a + b, 0),
      PROBLEMS * SEEDS.length,
    );
  checkEveryCell(pooled);
  assert.match(pooled.intervals.method, /then within each drawn problem its 3 seeds/);
  // The results lines live in each seed's folder (ponder calibrate reads one of them); none pooled at the top.
  assert.equal(existsSync(join(out, 'results.jsonl')), false);
  assert.deepEqual(
    pooled.perSeed?.map((s) => s.seed),
    SEEDS,
  );
  const perSeed = SEEDS.map((seed) => {
    const seedOut = join(out, `seed-${seed}`);
    assert.equal(readResults(join(seedOut, 'results.jsonl')).length, PROBLEMS * STRATEGIES.length * BUDGETS.length);
    const own = readSummary(seedOut);
    assert.deepEqual(own.seeds, [seed]);
    checkEveryCell(own);
    assert.deepEqual(pooled.perSeed!.find((s) => s.seed === seed)!.accuracy, own.accuracy);
    return own;
  });
  // Seeds differ (other samples), and the pooled accuracy is their mean (every seed has every problem).
  assert.notDeepEqual(perSeed[0].accuracy, perSeed[1].accuracy);
  for (const s of STRATEGIES)
    for (const b of BUDGETS) {
      const mean = perSeed.reduce((sum, own) => sum + own.accuracy[s][String(b)], 0) / SEEDS.length;
      assert.ok(
        Math.abs(pooled.accuracy[s][String(b)] - mean) < 2e-4,
        `${s}@${b}: pooled ${pooled.accuracy[s][String(b)]}, mean of seeds ${mean}`,
      );
    }
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(report, new RegExp(`${PROBLEMS} problems x 3 seeds \\(0, 1, 2\\), pooled`));
  assert.match(report, /\| \*\*best fixed strategy, cross-validated\*\* \| [\d.]+ \[[\d.]+, [\d.]+\] \|/);
  assert.match(report, /## Per seed/);
  for (const seed of SEEDS) assert.match(report, new RegExp(`\\| ${seed} \\(\`seed-${seed}/\`\\) \\| compute-optimal, predicted bins \\|`));
  // The final NDJSON line carries the pooled summary.
  const last = JSON.parse(pooledRun.stdout.trim().split('\n').at(-1)!) as { type: string; summary: Summary };
  assert.equal(last.type, 'summary');
  assert.deepEqual(last.summary.seeds, SEEDS);
});

test('--seed S and --seeds S are the same eval, and the same as that seed within a pooled one', async () => {
  const [single, one] = await Promise.all([
    runCli(evalArgs(join(dir, 'single'), ['--seed', '1'])),
    runCli(evalArgs(join(dir, 'one'), ['--seeds', '1'])),
  ]);
  assert.equal(single.code, 0, single.stderr);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(comparable(join(dir, 'one')), comparable(join(dir, 'single')));
  assert.deepEqual(comparable(join(dir, 'pooled', 'seed-1')), comparable(join(dir, 'single')));
  assert.deepEqual(readSummary(join(dir, 'one')).accuracyInterval, readSummary(join(dir, 'single')).accuracyInterval);
  assert.equal(readSummary(join(dir, 'single')).perSeed, undefined);
});

test('a cached pooled re-run spends no generations and calibrate takes a seed folder', async () => {
  const again = await runCli(evalArgs(join(dir, 'pooled'), ['--seeds', SEEDS.join(',')]));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readSummary(join(dir, 'pooled')).generationsSpent, 0);
  const cal = await runCli(['calibrate', '--eval', join(dir, 'pooled', 'seed-0'), '--out', join(dir, 'policy.json'), '--folds', '2']);
  assert.equal(cal.code, 0, cal.stderr);
  const pooled = await runCli(['calibrate', '--eval', join(dir, 'pooled'), '--out', join(dir, 'policy.json'), '--folds', '2']);
  assert.notEqual(pooled.code, 0);
  assert.match(pooled.stderr, /pools seeds .*calibrate one seed's eval, e\.g\. --eval \S*seed-/);
});

test('--seeds usage errors say what to change', async () => {
  const both = await runCli(evalArgs(join(dir, 'x'), ['--seed', '1', '--seeds', '1,2']));
  assert.equal(both.code, 2);
  assert.match(both.stderr, /either --seed S or --seeds LIST/);
  const twice = await runCli(evalArgs(join(dir, 'x'), ['--seeds', '1,1']));
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /lists a seed twice/);
  const exchange = await runCli(evalArgs(join(dir, 'x'), ['--seeds', '1,2', '--exchange', dir]));
  assert.equal(exchange.code, 2);
  assert.match(exchange.stderr, /give a single --seed/);
});
