// Verdicts and vote groups depend on the answers only: not on the machine's load, not on what was graded
// before. The hard set is graded in a fresh process on idle cores, again with every core saturated, and
// in this process after grading everything in another order: all three must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { saturateCores } from '../helpers/cpuLoad';
import { gradeHardSet, HARD_PAIRS } from './gradeHardSet';
import { gradeAnswer } from '../../src/core/grading/index';

const run = promisify(execFile);

async function gradeInFreshProcess(): Promise<ReturnType<typeof gradeHardSet>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'gradeHardSet.ts')], {
    cwd: join(__dirname, '..', '..'),
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout) as ReturnType<typeof gradeHardSet>;
}

test(
  'the hard set gets the same verdicts and groups idle, under saturated cores, and after other grading',
  { timeout: 600_000 },
  async () => {
    const idle = await gradeInFreshProcess();
    const stop = saturateCores();
    let loaded: ReturnType<typeof gradeHardSet>;
    try {
      loaded = await gradeInFreshProcess();
    } finally {
      stop();
    }
    assert.deepEqual(loaded.verdicts, idle.verdicts, 'verdicts of the hard pairs under load');
    assert.deepEqual(loaded.cases, idle.cases, 'verdicts of the 368 labelled cases under load');
    assert.deepEqual(loaded.groups, idle.groups, 'vote groups of the real answers under load');

    for (const [a, b] of [...HARD_PAIRS].reverse()) gradeAnswer(b, a); // another history in this process
    assert.deepEqual(JSON.parse(JSON.stringify(gradeHardSet())), idle, 'the same after grading other pairs first');
    const navin = idle.verdicts[0] as { equal: boolean };
    console.log(
      `hard set: ${HARD_PAIRS.length} pairs, ${idle.cases.length} cases, ${idle.groups.length} real votes; 2(Navin) vs Navin: ${navin.equal}`,
    );
  },
);
