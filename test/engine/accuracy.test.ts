// Accuracy on the simulator over MATH-500 at budget 16, per strategy and per level. A fixed subset
// (every 5th problem: 100 problems, all five levels) keeps the suite fast; the printed table is the
// report. The independent-sampling arms share one pool of 16 scored samples per problem (a paired
// comparison, as `ponder eval` does): the pool comes from a weighted-best-of-n run, and single
// sample, majority and best-of-N are computed from it with the pure voting functions.
// Weighted best-of-N must beat a single sample and majority voting overall.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gradeAnswer } from '../../src/core/grading/index';
import { bestOfN, majorityVote, weightedBestOfN, type Sample } from '../../src/core/voting';
import { STRATEGY_NAMES, type StrategyName } from '../../src/shared/strategies';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { engineSettings, PROBLEMS, solveInProcess } from './engineHarness';

const SUBSET = PROBLEMS.filter((_, i) => i % 5 === 0);
const BUDGET = 16;
type Arm = StrategyName | 'single sample' | 'revisions (metropolis)';
const ARMS: Arm[] = ['single sample', ...STRATEGY_NAMES, 'revisions (metropolis)'];

describe(`accuracy at budget ${BUDGET} on ${SUBSET.length} MATH-500 problems (simulator)`, () => {
  let sim: Sim;
  const correct = new Map<Arm, number[][]>(); // arm -> level -> [right, total]
  before(async () => {
    sim = await startSim(['--problems', MATH500, '--seed', '11']);
  });
  after(() => sim.stop());

  test('every strategy', { timeout: 600_000 }, async () => {
    const tally = (arm: Arm, level: number, right: boolean) => {
      if (!correct.has(arm)) correct.set(arm, Array.from({ length: 6 }, () => [0, 0]));
      const row = correct.get(arm)![level];
      row[0] += right ? 1 : 0;
      row[1] += 1;
    };
    const grade = (gold: string, answer: string | null) => answer !== null && gradeAnswer(gold, answer).equal;
    const runs: { arm: Arm; strategy: StrategyName; metropolis: boolean }[] = [
      { arm: 'weighted-best-of-n', strategy: 'weighted-best-of-n', metropolis: false },
      { arm: 'beam', strategy: 'beam', metropolis: false },
      { arm: 'lookahead', strategy: 'lookahead', metropolis: false },
      { arm: 'revisions', strategy: 'revisions', metropolis: false },
      { arm: 'revisions (metropolis)', strategy: 'revisions', metropolis: true },
    ];
    await Promise.all(
      runs.map(async ({ arm, strategy, metropolis }) => {
        const settings = engineSettings(sim.url, metropolis ? { revisions: { acceptance: 'metropolis' } } : {});
        for (const problem of SUBSET) {
          const { events, result } = await solveInProcess(settings, { problem: problem.problem, budget: BUDGET, strategy });
          assert.equal(result.error, undefined);
          tally(arm, problem.level, grade(problem.answer, result.answer));
          if (arm !== 'weighted-best-of-n') continue;
          const pool: Sample[] = events.flatMap((e) => (e.type === 'final' ? [{ id: e.candidateId, answer: e.answer, score: e.score }] : []));
          assert.equal(weightedBestOfN(pool).answer, result.answer, 'the pure function reproduces the run');
          tally('single sample', problem.level, grade(problem.answer, pool[0]?.answer ?? null));
          tally('majority', problem.level, grade(problem.answer, majorityVote(pool).answer));
          tally('best-of-n', problem.level, grade(problem.answer, bestOfN(pool).answer));
        }
      }),
    );
    const rate = (arm: Arm, level?: number) => {
      const rows = correct.get(arm)!;
      const [right, total] = level ? rows[level] : rows.reduce((a, r) => [a[0] + r[0], a[1] + r[1]], [0, 0]);
      return right / total;
    };
    const header = `${'strategy'.padEnd(24)} overall  L1    L2    L3    L4    L5`;
    const lines = ARMS.map((arm) => `${arm.padEnd(24)} ${rate(arm).toFixed(3)}    ${[1, 2, 3, 4, 5].map((l) => rate(arm, l).toFixed(2)).join('  ')}`);
    console.log([header, ...lines].join('\n'));
    assert.ok(rate('weighted-best-of-n') > rate('single sample'), 'weighted best-of-N beats a single sample');
    assert.ok(rate('weighted-best-of-n') > rate('majority'), 'weighted best-of-N beats majority voting');
  });
});
