// `ponder eval` and `ponder calibrate` end to end through dist/cli.js against `ponder sim`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSim, MATH500, type Sim } from '../helpers/sim';
import { loadPolicy } from '../../src/core/index';
import { readResults, correctValue } from '../../src/eval/results';
import { reportBody } from '../../src/extension/reportView';
import type { Summary } from '../../src/eval/summary';
import { parseSvg } from './svg';
import { endpointArgs, runCli, tempDir } from './cli';
import { checkEveryCell } from './summaryChecks';

const STRATEGIES = ['majority', 'best-of-n', 'weighted-best-of-n', 'beam'];
const BUDGETS = [1, 2, 4, 8];
let sim: Sim;
let out: string;
let evalRun: Awaited<ReturnType<typeof runCli>>;

before(async () => {
  sim = await startSim(['--problems', MATH500]);
  out = tempDir('sim');
  evalRun = await runCli([
    'eval',
    '--dataset',
    MATH500,
    '--limit',
    '10',
    '--budgets',
    BUDGETS.join(','),
    '--strategies',
    STRATEGIES.join(','),
    '--out',
    out,
    '--json',
    ...endpointArgs(sim),
  ]);
});

after(async () => {
  await sim.stop();
  rmSync(out, { recursive: true, force: true });
});

test('eval writes results.jsonl that agrees with summary.json, and NDJSON progress ending in a summary line', () => {
  assert.equal(evalRun.code, 0, evalRun.stderr);
  const lines = evalRun.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; problemsDone?: number });
  assert.ok(lines.slice(0, -1).every((l) => l.type === 'progress'));
  assert.equal(lines.at(-2)!.problemsDone, 10);
  assert.equal(lines.at(-1)!.type, 'summary');
  const results = readResults(join(out, 'results.jsonl'));
  assert.equal(results.length, 10 * STRATEGIES.length * BUDGETS.length);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  assert.equal(summary.models.simulated, true);
  assert.deepEqual(summary.strategies, STRATEGIES);
  for (const s of STRATEGIES)
    for (const b of BUDGETS) {
      const mine = results.filter((r) => r.strategy === s && r.budget === b);
      assert.equal(mine.length, 10);
      const accuracy = mine.reduce((sum, r) => sum + correctValue(r), 0) / mine.length;
      assert.ok(
        Math.abs(summary.accuracy[s][String(b)] - accuracy) < 1e-4,
        `${s}@${b}: summary ${summary.accuracy[s][String(b)]} vs results ${accuracy}`,
      );
    }
  // Pool strategies at budget 1 agree with each other (one sample has one answer); usage never exceeds the budget.
  for (const r of results) assert.ok(r.usage.generations <= r.budget, `${r.strategy}@${r.budget} spent ${r.usage.generations}`);
  const binTotal = Object.values(summary.binCounts.oracle).reduce((a, b) => a + b, 0);
  assert.equal(binTotal, 10);
  assert.equal(
    summary.confusion.flat().reduce((a, b) => a + b, 0),
    10,
  );
  assert.equal(summary.computeOptimal.predicted.curve.length, BUDGETS.length);
  assert.ok(summary.efficiency.curve.predicted.length > 0);
});

test('summary.json gives every figure a 95% interval; report.md shows them and the router beside the fixed baselines', () => {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  assert.equal(summary.version, 2);
  assert.deepEqual(summary.seeds, ['0']);
  checkEveryCell(summary);
  // Budgets 1..8: the headline is taken where weighted best-of-N spends 8; its ratio has an interval too.
  const h = summary.efficiency.headline.predicted;
  assert.ok(h && h.baselineBudget === 8, JSON.stringify(h));
  assert.ok(h.interval[0] <= (h.interval[1] ?? Infinity), JSON.stringify(h.interval));
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(report, /less compute\*\* \(95% interval \[/);
  // `60.0 [55.6, 64.4]`, and signed for the router's difference to the fixed baseline.
  const cell = String.raw`[-+]?[\d.]+ \[[-+]?[\d.]+, [-+]?[\d.]+\]`;
  for (const label of [
    String.raw`\*\*compute-optimal, predicted bins\*\*`,
    String.raw`\*\*best fixed strategy, cross-validated\*\*`,
    String.raw`compute-optimal \(predicted\) minus best fixed \(cv\)`,
    ...STRATEGIES,
  ])
    assert.match(report, new RegExp(`^\\| ${label} \\|( ${cell} \\|){${BUDGETS.length}}$`, 'm'), label);
});

test('plots are valid SVG labelled with the strategy names, with no scripts or remote references', () => {
  const expected: Record<string, string[]> = {
    'accuracy.svg': STRATEGIES,
    'accuracy-by-bin.svg': [...STRATEGIES, 'bin 1', 'bin 5'],
    'compute-optimal.svg': [
      ...STRATEGIES,
      'best fixed (cross-validated)',
      'compute-optimal (oracle bins)',
      'compute-optimal (predicted bins)',
    ],
    'bins.svg': ['predicted bin', 'oracle bin'],
  };
  for (const [file, labels] of Object.entries(expected)) {
    const svg = readFileSync(join(out, 'plots', file), 'utf8');
    const info = parseSvg(svg);
    assert.equal(info.root, 'svg', file);
    for (const label of labels)
      assert.ok(info.texts.includes(label), `${file} lacks the label '${label}' (has ${info.texts.slice(0, 20).join(', ')})`);
    assert.doesNotMatch(svg, /<script|\son[a-z]+=|\shref=|xlink:href=|style=/i, file);
  }
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  for (const file of Object.keys(expected)) assert.match(report, new RegExp(`\\(plots/${file.replace('.', '\\.')}\\)`));
  const html = reportBody(out, report, (path) => `file://${path}`);
  assert.equal((html.match(/<img src="file:\/\/[^"]+\/plots\/[a-z-]+\.svg"/g) ?? []).length, 4);
  assert.doesNotMatch(html, /<script|\son[a-z]+=|style=/i);
});

test('calibrate writes a policy the router accepts, with held-out figures and bootstrap intervals', async () => {
  const policyPath = join(out, 'policy.json');
  const cal = await runCli(['calibrate', '--eval', out, '--out', policyPath, '--folds', '2']);
  assert.equal(cal.code, 0, cal.stderr);
  assert.match(cal.stdout, /held-out accuracy/);
  // Budgets 1..8 here: the efficiency ratio is taken where weighted best-of-N spends 8 (the largest swept under 64).
  assert.match(cal.stdout, /efficiency vs weighted-best-of-n \(held-out, probe counted\): weighted-best-of-n@8 = [\d.]+%/);
  const policy = loadPolicy(policyPath);
  const efficiency = policy.provenance.efficiencyVsWeightedBestOfN as { baselineBudget: number; ratio: number } | null;
  assert.ok(efficiency && efficiency.baselineBudget === 8 && efficiency.ratio > 0, JSON.stringify(efficiency));
  assert.equal(policy.provenance.source, 'ponder calibrate');
  const heldOut = policy.provenance.heldOut as Record<string, Record<string, unknown>>;
  for (const b of BUDGETS) {
    const row = heldOut[String(b)];
    assert.equal(typeof row.learned, 'number');
    for (const s of STRATEGIES) assert.equal(typeof row[s], 'number', `heldOut[${b}].${s}`);
    const diff = row.differenceToBestFixed as { mean: number; ci95: [number, number] };
    assert.ok(diff.ci95[0] <= diff.mean && diff.mean <= diff.ci95[1]);
  }
  assert.equal(policy.provenance.folds, 2);
  // The CLI's router takes it: a solve with --policy-file routes through it.
  const solved = await runCli(['solve', '--json', '--budget', '8', '--policy-file', policyPath, ...endpointArgs(sim), 'What is 2 + 3?']);
  assert.equal(solved.code, 0, solved.stderr);
  assert.match(solved.stdout, /"type":"route".*ponder calibrate/);
});

test('a cached re-run spends no sample generations and reproduces the same results', async () => {
  const before = await sim.stats();
  const again = await runCli([
    'eval',
    '--dataset',
    MATH500,
    '--limit',
    '10',
    '--budgets',
    BUDGETS.join(','),
    '--strategies',
    STRATEGIES.join(','),
    '--out',
    out,
    '--json',
    ...endpointArgs(sim),
  ]);
  assert.equal(again.code, 0, again.stderr);
  const afterStats = await sim.stats();
  // Only the engine's capability probes may run (continuation: 1 generation; n: 2; logprobs: 1; reasoning: 1; all tiny).
  assert.ok(afterStats.generations - before.generations <= 5, `${afterStats.generations - before.generations} generations on a cached run`);
  const summary = JSON.parse(again.stdout.trim().split('\n').at(-1)!) as { summary: Summary };
  assert.equal(summary.summary.generationsSpent, 0);
});

test('usage errors exit 2 with a clear message', async () => {
  const r = await runCli(['eval', '--dataset', MATH500, '--out', out, '--strategies', 'nonsense']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown strategy 'nonsense'/);
  const c = await runCli(['calibrate', '--out', 'x.json']);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /--eval DIR is required/);
});
