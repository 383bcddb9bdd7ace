// Seeds and probe accounting end to end against `ponder sim`: the same eval command gives the same
// results; search strategies are measured with the router's probe, which reproduces the pool's first
// samples; `ponder solve --seed` repeats a run; the compute-exchange table against a stronger simulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSim, MATH500, type Sim } from '../helpers/sim';
import { readResults, type ResultLine } from '../../src/eval/results';
import type { Summary } from '../../src/eval/summary';
import { endpointArgs, runCli, tempDir } from './cli';

const BUDGETS = '1,2,4,8';
const STRATEGIES = 'majority,weighted-best-of-n,beam,revisions';
let sim: Sim;
let dir: string;

before(async () => {
  sim = await startSim(['--problems', MATH500]);
  dir = tempDir('seeds');
});

after(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

function evalArgs(out: string, seed: string, extra: string[] = [], target: Sim = sim): string[] {
  return [
    'eval',
    '--dataset',
    MATH500,
    '--limit',
    '6',
    '--budgets',
    BUDGETS,
    '--strategies',
    STRATEGIES,
    '--seed',
    seed,
    '--out',
    out,
    '--json',
    ...endpointArgs(target),
    ...extra,
  ];
}

/** The lines without the verifier call count, which depends on how calls happened to batch. */
function comparable(out: string): unknown[] {
  return readResults(join(out, 'results.jsonl')).map((line) => ({ ...line, usage: { ...line.usage, verifierCalls: 0 } }));
}

test('the same eval command twice gives the same results; another seed gives other samples', async () => {
  const runs = await Promise.all(['a', 'b', 'c'].map((name, i) => runCli(evalArgs(join(dir, name), i < 2 ? '5' : '6'))));
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(comparable(join(dir, 'b')), comparable(join(dir, 'a')));
  assert.notDeepEqual(comparable(join(dir, 'c')), comparable(join(dir, 'a')));
});

test("search strategies are measured with the router's probe, which draws the pool's first samples", () => {
  const lines = readResults(join(dir, 'a', 'results.jsonl'));
  const summary = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')) as Summary;
  assert.equal(summary.routes, 'with-probe');
  const search = lines.filter((l) => l.strategy === 'beam' || l.strategy === 'revisions');
  assert.equal(search.length, 6 * 2 * 4);
  for (const line of search) {
    const probe = Math.min(summary.probeSize, Math.floor(line.budget / 2));
    assert.equal(line.params.probe, probe, `${line.strategy}@${line.budget}`);
    assert.ok(line.usage.generations <= line.budget);
    if (probe === 0) continue;
    // The run's own probe scored exactly what the eval computed from the pool's first samples.
    assert.equal(typeof line.params.probeSignal, 'number');
    assert.ok(
      Math.abs((line.params.probeSignal as number) - line.signal) < 2e-6,
      `${line.unique_id} ${line.strategy}@${line.budget}: run ${line.params.probeSignal} vs pool ${line.signal}`,
    );
  }
});

test('ponder solve --seed repeats a run: the same steps, scores and answer', async () => {
  const solve = (seed: string) =>
    runCli([
      'solve',
      '--json',
      '--strategy',
      'beam',
      '--budget',
      '8',
      '--seed',
      seed,
      ...endpointArgs(sim),
      'What is the sum of the first 20 positive odd integers?',
    ]);
  const [a, b, c] = await Promise.all([solve('11'), solve('11'), solve('12')]);
  for (const r of [a, b, c]) assert.equal(r.code, 0, r.stderr);
  const trace = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; text?: string; score?: number; answer?: string | null })
      .filter((e) => e.type === 'step' || e.type === 'score' || e.type === 'result')
      .map((e) => [e.type, e.text ?? e.score ?? e.answer]);
  assert.deepEqual(trace(b.stdout), trace(a.stdout));
  assert.notDeepEqual(trace(c.stdout), trace(a.stdout));
  const bad = await runCli(['solve', '--seed', 'x', ...endpointArgs(sim), '1+1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--seed must be a whole number/);
});

test('compute exchange: a table per R and bin against one sample of a stronger simulated model', async () => {
  const large = await startSim(['--problems', MATH500, '--skill', '3']);
  try {
    const largeDir = join(dir, 'large');
    const largeRun = await runCli(
      evalArgs(largeDir, '5', ['--strategies', 'majority', '--budgets', '1', '--policy-parameters', '70e9'], large),
    );
    assert.equal(largeRun.code, 0, largeRun.stderr);
    const small = await runCli(evalArgs(join(dir, 'a'), '5', ['--policy-parameters', '8e9', '--exchange', largeDir]));
    assert.equal(small.code, 0, small.stderr);
    const summary = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')) as Summary;
    const table = summary.exchange!;
    assert.equal(table.largeParameters, 70e9);
    assert.equal(table.rows.length, 3);
    const largeLines: ResultLine[] = readResults(join(largeDir, 'results.jsonl'));
    const largeAccuracy = largeLines.reduce((s, l) => s + Number(l.correct), 0) / largeLines.length;
    const smallSingle = readResults(join(dir, 'a', 'results.jsonl')).filter((l) => l.strategy === 'majority' && l.budget === 1);
    // --skill stands for the larger model: its single sample is better than the small model's.
    assert.ok(largeAccuracy > smallSingle.reduce((s, l) => s + Number(l.correct), 0) / smallSingle.length, `large ${largeAccuracy}`);
    // More inference per pretraining token (larger R) means a smaller matched budget for the small model.
    const budgets = table.rows.map((r) => r.matchedBudget);
    assert.ok(budgets[0] > budgets[1] && budgets[1] > budgets[2], budgets.join(', '));
    for (const row of table.rows) {
      assert.equal(row.bins.length, 5);
      for (const b of row.bins) assert.equal(b.winner, b.small > b.large ? 'test-time compute' : 'bigger model');
    }
    assert.match(readFileSync(join(dir, 'a', 'report.md'), 'utf8'), /## Compute exchange/);
  } finally {
    await large.stop();
  }
});
