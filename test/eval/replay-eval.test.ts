// `ponder eval` against `ponder sim --replay F --strict` measures real outputs only, and reproduces the
// recordings' own figures: search-and-learn's pred_weighted@N / pred_naive@N / pred_maj@N of the Llama-3.2-3B
// beams (computed on the first N beams with last-step PRM scores), and majority of the Llama-3.1-8B samples.
// Variants (`weighted-best-of-n:stepAggregation=last`) run through the engine once per budget, so with no
// probe (--probe 0) and every sample in one request (--concurrency >= N) a run at N sees the first N beams;
// the pool of the bare strategies is one request too (--chunk >= the largest budget). Picks are compared
// graded: where a beam has no \boxed{} the recording's extractor and Ponder's read different answers from
// the same text (9 of the first beams), always both wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { extractAnswer, gradeAnswer, groupAnswers } from '../../src/core/grading/index';
import type { Summary } from '../../src/eval/summary';
import { DATA, startSim } from '../helpers/sim';
import { endpointArgs, runCli, tempDir } from './cli';

const BEAMS = join(DATA, 'real', 'llama32-3b-beam-math500-first100-n16-prm.jsonl');
const SAMPLES = join(DATA, 'real', 'llama31-8b-math500-first100-n44.jsonl');
const BUDGETS = [1, 4, 16];

type Row = Record<string, unknown> & { answer: string; unique_id: string; completions: string[]; scores: number[][] };
interface Line {
  unique_id: string;
  strategy: string;
  budget: number;
  answer: string | null;
  correct: number | boolean;
}

function read<T>(path: string): T[] {
  assert.ok(existsSync(path), `real recordings expected at ${path} (../shared/data/real/ beside the repository; see its README)`);
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

const right = (gold: string, pred: string | null) => pred !== null && gradeAnswer(gold, pred).equal;
/** The same answer, as the grader says. */
const same = (a: string | null, b: string | null) => a !== null && b !== null && (gradeAnswer(a, b).equal || gradeAnswer(b, a).equal);
/** A results line's correctness: a run's verdict, or a pool subset's share of right answers among tied ones. */
const score = (correct: number | boolean) => (typeof correct === 'boolean' ? Number(correct) : correct);

test('strict replay eval of the 3B beams reproduces the recordings own weighted, best-of-N and majority picks', async () => {
  const rows = read<Row>(BEAMS);
  const sim = await startSim(['--replay', BEAMS, '--strict']);
  const out = tempDir('strict-beams');
  try {
    const strategies = 'majority,weighted-best-of-n,weighted-best-of-n:stepAggregation=last|min|product,best-of-n:stepAggregation=last';
    const r = await runCli([
      'eval',
      ...['--dataset', BEAMS, '--budgets', BUDGETS.join(','), '--strategies', strategies],
      ...['--probe', '0', '--concurrency', '16', '--max-tokens', '8192', '--out', out, '--json'],
      ...endpointArgs(sim),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = read<Line>(join(out, 'results.jsonl'));
    const line = (id: string, strategy: string, budget: number) =>
      lines.find((l) => l.unique_id === id && l.strategy === strategy && l.budget === budget)!;
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const compare = (key: string, strategy: string, n: number) => {
      const differ: number[] = [];
      let recorded = 0;
      rows.forEach((row, i) => {
        const theirs = right(row.answer, extractAnswer(String(row[`pred_${key}@${n}`]))) ? 1 : 0;
        recorded += theirs;
        if (score(line(row.unique_id, strategy, n).correct) !== theirs) differ.push(i);
      });
      const measured = summary.accuracy[strategy][String(n)];
      console.log(`${key}@${n}: recording ${recorded / 100}, ponder ${strategy} ${measured}; graded differently: [${differ.join(', ')}]`);
      return { recorded: recorded / 100, measured, differ };
    };

    for (const n of BUDGETS) {
      // Weighted best-of-N with last-step scores: the recording's pick, graded alike, on every problem. (Problem
      // 1, gold "p - q", recorded \boxed{p-q}, once set them apart: the grader read "p-q" as a word.)
      const weighted = compare('weighted', 'weighted-best-of-n:stepAggregation=last', n);
      assert.deepEqual(weighted.differ, []);
      assert.equal(weighted.measured, weighted.recorded);
      // Best-of-N: the recording takes the first beam holding the top score; Ponder takes the answer whose best
      // score is the top one, more votes first among ties. bf16 scores tie often: problems 30 and 31 at 16.
      const best = compare('naive', 'best-of-n:stepAggregation=last', n);
      assert.deepEqual(best.differ, n === 16 ? [30, 31] : []);
      for (const i of best.differ) {
        const last = rows[i].scores.slice(0, n).map((s) => s[s.length - 1]);
        const top = Math.max(...last);
        const answers = rows[i].completions.slice(0, n).map(extractAnswer);
        const ours = line(rows[i].unique_id, 'best-of-n:stepAggregation=last', n).answer;
        assert.ok(
          answers.some((a, j) => last[j] === top && same(a, ours)),
          `problem ${i}: Ponder's pick also holds the top score ${top}`,
        );
        const firstTop = answers[last.indexOf(top)];
        assert.ok(!same(firstTop, ours), `problem ${i}: the recording took the first beam at the top score, answering ${firstTop}`);
      }
      const exact = { 1: [0.55, 0.55], 4: [0.6, 0.6], 16: [0.57, 0.59] }[n]!;
      assert.deepEqual([best.recorded, best.measured], exact);
    }
    // The pool's whole 16 (one draw): the recording's majority pick everywhere but problem 95, a tie between
    // -4 (first in the recording's order, its pick, right) and -7, which the eval counts as half right (and 1).
    const majority = compare('maj', 'majority', 16);
    assert.deepEqual(majority.differ, [95]);
    assert.equal(score(line(rows[95].unique_id, 'majority', 16).correct), 0.5);
    assert.equal(majority.measured, 0.625);
    assert.equal(summary.accuracy['weighted-best-of-n']['16'], 0.63);
    for (const how of ['min', 'product'])
      console.log(
        `weighted-best-of-n with ${how} aggregation:`,
        JSON.stringify(summary.accuracy[`weighted-best-of-n:stepAggregation=${how}`]),
      );
    // Every reply was a recording: nothing failed, nothing was refused, and the figures are not labelled simulated.
    assert.equal(summary.usage.failedGenerations ?? 0, 0);
    assert.equal(summary.models.simulated, false);
  } finally {
    await sim.stop();
    rmSync(out, { recursive: true, force: true });
  }
});

test('strict replay eval of the 8B samples: majority curve and difficulty bins from real samples only', async () => {
  const rows = read<Row>(SAMPLES);
  const sim = await startSim(['--replay', SAMPLES, '--strict']);
  const out = tempDir('strict-samples');
  try {
    const r = await runCli([
      'eval',
      ...['--dataset', SAMPLES, '--budgets', '1,4,16,44', '--strategies', 'majority', '--verifier-kind', 'none'],
      ...['--probe', '0', '--concurrency', '44', '--chunk', '44', '--max-tokens', '8192', '--out', out, '--json', '--policy-url', sim.url],
    ]);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    // Majority of all 44, straight from the file with the same grader (a tie counts as the share of right answers).
    let expected = 0;
    for (const row of rows) {
      const groups = groupAnswers(row.completions.map(extractAnswer));
      const top = Math.max(...groups.map((g) => g.members.length));
      const tied = groups.filter((g) => g.members.length === top);
      expected += tied.filter((g) => right(row.answer, g.answer)).length / tied.length;
    }
    const curve = summary.accuracy.majority;
    console.log(`8B majority (strict replay): ${JSON.stringify(curve)}; by oracle bin: ${JSON.stringify(summary.accuracyByBin.oracle)}`);
    assert.equal(curve['44'], Math.round((expected / rows.length) * 1e4) / 1e4);
    assert.ok(curve['1'] < curve['44'], 'voting over 44 real samples beats one');
    assert.deepEqual(Object.values(summary.binCounts.oracle), [20, 20, 20, 20, 20]);
  } finally {
    await sim.stop();
    rmSync(out, { recursive: true, force: true });
  }
});
