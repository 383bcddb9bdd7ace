// Real data through `ponder sim --replay`: majority@16 of Llama-3.1-8B samples, weighted best-of-N of
// Llama-3.2-3B beam outputs with their real PRM scores, and the ProcessBench first-error pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, startSim } from '../helpers/sim';
import { extractAnswer, gradeAnswer, groupAnswers } from '../../src/core/grading/index';
import type { Summary } from '../../src/eval/summary';
import type { FirstErrorSummary } from '../../src/eval/firstError';
import { endpointArgs, runCli, tempDir } from './cli';

const LLAMA8B = join(DATA, 'real', 'llama31-8b-math500-first100-n44.jsonl');
const BEAM3B = join(DATA, 'real', 'llama32-3b-beam-math500-first100-n16-prm.jsonl');

test('replayed Llama-3.1-8B samples give majority@16 near the data README figure (0.60)', async () => {
  const sim = await startSim(['--replay', LLAMA8B]);
  const out = tempDir('replay8b');
  try {
    const r = await runCli([
      'eval',
      '--dataset',
      LLAMA8B,
      '--budgets',
      '1,4,16',
      '--strategies',
      'majority',
      '--verifier-kind',
      'none',
      '--max-tokens',
      '8192',
      '--out',
      out,
      '--json',
      '--policy-url',
      sim.url,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const m16 = summary.accuracy.majority['16'];
    console.log(
      `replay: majority@16 = ${m16}, majority@1 (pass@1) = ${summary.accuracy.majority['1']} over ${summary.dataset.problems} problems`,
    );
    assert.equal(summary.dataset.problems, 100);
    // Standard error of a 100-problem accuracy near 0.6 is about 0.05: two of them either side.
    assert.ok(Math.abs(m16 - 0.6) <= 0.1, `majority@16 = ${m16}`);
    assert.ok(summary.accuracy.majority['1'] < m16, 'voting over 16 samples beats one sample');
  } finally {
    await sim.stop();
    rmSync(out, { recursive: true, force: true });
  }
});

/** Weighted best-of-16 straight from the file: real last-step PRM scores summed per equivalent answer. */
function weightedFromFile(): number {
  const rows = readFileSync(BEAM3B, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { answer: string; completions: string[]; scores: number[][] });
  let right = 0;
  for (const row of rows) {
    const groups = groupAnswers(row.completions.map(extractAnswer));
    const weights = groups.map((g) => g.members.reduce((w, i) => w + row.scores[i][row.scores[i].length - 1], 0));
    const best = Math.max(...weights);
    const tied = groups.filter((_, i) => weights[i] === best);
    right += tied.filter((g) => gradeAnswer(row.answer, g.answer).equal).length / tied.length;
  }
  return right / rows.length;
}

test('weighted best-of-N on replayed beam outputs uses their real PRM scores', async () => {
  const sim = await startSim(['--replay', BEAM3B]);
  const out = tempDir('replay3b');
  try {
    const r = await runCli([
      'eval',
      '--dataset',
      BEAM3B,
      '--budgets',
      '1,16',
      '--strategies',
      'weighted-best-of-n',
      '--max-tokens',
      '8192',
      '--out',
      out,
      '--json',
      ...endpointArgs(sim),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const expected = weightedFromFile();
    const measured = summary.accuracy['weighted-best-of-n']['16'];
    console.log(`replay: weighted-best-of-n@16 = ${measured} via ponder eval, ${expected} computed from the file`);
    // The pool is the 16 recorded beams, scored through /pooling with the recorded PRM scores. They arrive
    // in a different order each run, and the grader's grouping can differ with order at the margins (a few
    // problems in 100 were seen to move, 0.59-0.62 against 0.63): hence the tolerance.
    assert.ok(Math.abs(measured - expected) <= 0.05, `eval ${measured} vs file ${expected}`);
  } finally {
    await sim.stop();
    rmSync(out, { recursive: true, force: true });
  }
});

test('first-error task on ProcessBench MATH runs end to end against the simulated verifier', async () => {
  const sim = await startSim([]);
  const out = tempDir('processbench');
  try {
    const r = await runCli([
      'eval',
      '--task',
      'first-error',
      '--dataset',
      join(DATA, 'real', 'processbench-math.json'),
      '--limit',
      '60',
      '--out',
      out,
      ...endpointArgs(sim),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /F1/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as FirstErrorSummary;
    assert.equal(summary.task, 'first-error');
    assert.equal(summary.dataset.items, 60);
    assert.equal(summary.models.simulated, true);
    for (const x of [summary.errorAccuracy, summary.correctAccuracy, summary.f1]) assert.ok(x >= 0 && x <= 1);
    assert.ok(summary.bestThreshold.f1 >= summary.f1);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: number; predicted: number; scores: number[] });
    assert.equal(lines.length, 60);
    // Every solution got one score per ProcessBench step, and `predicted` is the first under the threshold.
    const items = JSON.parse(readFileSync(join(DATA, 'real', 'processbench-math.json'), 'utf8')) as { steps: string[] }[];
    lines.forEach((l, i) => {
      assert.equal(l.scores.length, items[i].steps.length);
      assert.equal(
        l.predicted,
        l.scores.findIndex((s) => s < summary.threshold),
      );
    });
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /SIMULATED verifier/);
  } finally {
    await sim.stop();
    rmSync(out, { recursive: true, force: true });
  }
});
