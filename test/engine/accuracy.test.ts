// Accuracy on the simulator over MATH-500 at budget 16, per strategy and per level. A fixed subset
// (every 5th problem: 100 problems, all five levels) keeps the suite fast; the printed table is the
// report. Weighted best-of-N must beat a single sample and majority voting overall.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gradeAnswer } from '../../src/core/grading/index';
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
    await Promise.all(
      ARMS.map(async (arm) => {
        const levels = Array.from({ length: 6 }, () => [0, 0]);
        const metropolis = arm === 'revisions (metropolis)';
        const settings = engineSettings(sim.url, metropolis ? { revisions: { acceptance: 'metropolis' } } : {});
        const strategy: StrategyName = arm === 'single sample' ? 'majority' : metropolis ? 'revisions' : arm;
        const budget = arm === 'single sample' ? 1 : BUDGET;
        for (const problem of SUBSET) {
          const { result } = await solveInProcess(settings, { problem: problem.problem, budget, strategy });
          assert.equal(result.error, undefined);
          const right = result.answer !== null && gradeAnswer(problem.answer, result.answer).equal;
          levels[problem.level][0] += right ? 1 : 0;
          levels[problem.level][1] += 1;
        }
        correct.set(arm, levels);
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
