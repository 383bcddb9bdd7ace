// `ponder eval --strategies` with variants (`beam:width=2`) through dist/cli.js against `ponder sim`: each
// variant runs with its parameters and is its own column in results.jsonl, summary.json, report.md, the
// plots and the cache; `ponder calibrate` takes the variants as candidate routes; a bad spec is a usage error.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadPolicy } from '../../src/core/index';
import { readResults } from '../../src/eval/results';
import type { Summary } from '../../src/eval/summary';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { endpointArgs, runCli, tempDir } from './cli';
import { parseSvg } from './svg';

const SPEC = 'weighted-best-of-n,beam,beam:width=4|2';
const LABELS = ['weighted-best-of-n', 'beam', 'beam:width=4', 'beam:width=2'];
const BUDGETS = [4, 8];
let sim: Sim;
let out: string;

const evalArgs = (strategies: string) => [
  'eval',
  '--dataset',
  MATH500,
  '--limit',
  '4',
  '--budgets',
  BUDGETS.join(','),
  '--strategies',
  strategies,
  '--out',
  out,
  '--json',
  ...endpointArgs(sim),
];

before(async () => {
  sim = await startSim(['--problems', MATH500]);
  out = tempDir('variants');
});

after(async () => {
  await sim.stop();
  rmSync(out, { recursive: true, force: true });
});

test('each variant runs with its parameters and is a column of results, summary, report and plots', async () => {
  const run = await runCli(evalArgs(SPEC));
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  assert.deepEqual(summary.strategies, LABELS);
  for (const label of LABELS) for (const b of BUDGETS) assert.equal(typeof summary.accuracy[label]?.[String(b)], 'number', `${label}@${b}`);
  const results = readResults(join(out, 'results.jsonl'));
  assert.equal(results.length, 4 * LABELS.length * BUDGETS.length);
  const at = (label: string, id: string, budget: number) =>
    results.find((r) => r.strategy === label && r.unique_id === id && r.budget === budget)!;
  for (const id of new Set(results.map((r) => r.unique_id))) {
    // At 8 the probe takes 4 and leaves 4: the engine planned width 2 (2 paths kept per round) where asked, else its default 4.
    assert.equal(at('beam:width=2', id, 8).params.width, 2);
    assert.equal(at('beam:width=2', id, 8).params.kept, 2);
    assert.equal(at('beam', id, 8).params.width, 4);
    // beam:width=4 asks for beam's default: the same run (same seeds, same parameters) as bare beam.
    for (const b of BUDGETS) {
      const [bare, explicit] = [at('beam', id, b), at('beam:width=4', id, b)];
      assert.deepEqual(
        [explicit.answer, explicit.correct, explicit.usage.generations],
        [bare.answer, bare.correct, bare.usage.generations],
      );
    }
  }
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  for (const label of LABELS) assert.ok(report.includes(`| ${label} |`), `report.md has a row for ${label}`);
  const svg = parseSvg(readFileSync(join(out, 'plots', 'accuracy.svg'), 'utf8'));
  for (const label of LABELS) assert.ok(svg.texts.includes(label), `accuracy.svg labels ${label}`);
});

test('the cache keys runs by variant: adding a variant spends only its own runs', async () => {
  const run = await runCli(evalArgs(`${SPEC}|3`));
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { summary: Summary };
  const results = readResults(join(out, 'results.jsonl'));
  const added = results.filter((r) => r.strategy === 'beam:width=3');
  assert.equal(added.length, 4 * BUDGETS.length);
  assert.equal(
    summary.summary.generationsSpent,
    added.reduce((sum, r) => sum + r.usage.generations, 0),
  );
});

test('calibrate takes the variants as candidate routes and writes a policy the router loads', async () => {
  const policyPath = join(out, 'policy.json');
  const cal = await runCli(['calibrate', '--eval', out, '--out', policyPath, '--folds', '2']);
  assert.equal(cal.code, 0, cal.stderr);
  assert.match(cal.stdout, /beam:width=2/);
  const policy = loadPolicy(policyPath);
  const heldOut = policy.provenance.heldOut as Record<string, Record<string, unknown>>;
  for (const b of BUDGETS) for (const label of [...LABELS, 'beam:width=3']) assert.equal(typeof heldOut[String(b)][label], 'number');
  // Every row names a strategy; a row's params are a measured variant's (schema-checked by loadPolicy).
  const measured = new Set(['{}', '{"width":4}', '{"width":2}', '{"width":3}']);
  for (const rows of Object.values(policy.bins))
    for (const row of rows) assert.ok(measured.has(JSON.stringify(row.params ?? {})), JSON.stringify(row));
});

test('a bad variant spec exits 2 and says what to change', async () => {
  const unknown = await runCli(['eval', '--dataset', MATH500, '--out', out, '--strategies', 'majority,beam:widht=4']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--strategies: 'beam:widht=4': beam: unknown parameter "widht" \(known: width\)/);
  const range = await runCli(['eval', '--dataset', MATH500, '--out', out, '--strategies', 'lookahead:k=0']);
  assert.equal(range.code, 2);
  assert.match(range.stderr, /--strategies: 'lookahead:k=0': lookahead\.k must be an integer >= 1; got 0/);
});
