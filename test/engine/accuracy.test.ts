// Accuracy on the simulator over MATH-500 at budget 16, per strategy and per level, on fixed subsets
// that keep the suite fast: the independent-sampling arms on every 2nd problem (250), which share one
// pool of 16 scored samples per problem (a paired comparison, as `ponder eval` does: the pool comes
// from a weighted-best-of-n run, and single sample, majority and best-of-N are computed from it with
// the pure voting functions); beam, lookahead and revisions on every 10th problem (50). The printed
// table is the report.
// Weighted best-of-N must beat a single sample and majority voting overall.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gradeAnswer } from '../../src/core/grading/index';
import { bestOfN, majorityVote, weightedBestOfN, type Sample } from '../../src/core/voting';
import type { SolveEvent } from '../../src/shared/events';
import { STRATEGY_NAMES, type StrategyName } from '../../src/shared/strategies';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { engineSettings, PROBLEMS, solveInProcess } from './engineHarness';

const POOL_SUBSET = PROBLEMS.filter((_, i) => i % 2 === 0);
const SEARCH_SUBSET = PROBLEMS.filter((_, i) => i % 10 === 0);
const BUDGET = 16;
type Arm = StrategyName | 'single sample' | 'revisions (stochastic-climb)';
const ARMS: Arm[] = ['single sample', ...STRATEGY_NAMES, 'revisions (stochastic-climb)'];

/** Revisions that turned a correct attempt into a wrong one (the paper saw ~38%), per acceptance rule. */
const flips: Record<'always' | 'stochastic-climb', { revisedCorrect: number; broken: number; stateBroken: number }> = {
  always: { revisedCorrect: 0, broken: 0, stateBroken: 0 },
  'stochastic-climb': { revisedCorrect: 0, broken: 0, stateBroken: 0 },
};

function countFlips(climb: boolean, events: SolveEvent[], correct: (answer: string | null) => boolean): void {
  const f = flips[climb ? 'stochastic-climb' : 'always'];
  const right = new Map<string, boolean>();
  const accepted = new Map<string, boolean>();
  for (const e of events) {
    if (e.type !== 'final') continue;
    right.set(e.candidateId, correct(e.answer));
    accepted.set(e.candidateId, e.accepted ?? true);
  }
  for (const e of events) {
    if (e.type !== 'candidate' || !e.revisionOf || !right.has(e.id) || !right.get(e.revisionOf)) continue;
    f.revisedCorrect++;
    if (!right.get(e.id)) {
      f.broken++;
      if (accepted.get(e.id)) f.stateBroken++;
    }
  }
}

function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a';
}

describe(`accuracy at budget ${BUDGET} on MATH-500 subsets (simulator)`, () => {
  let sim: Sim;
  const correct = new Map<Arm, number[][]>(); // arm -> level -> [right, total]
  before(async () => {
    sim = await startSim(['--problems', MATH500, '--seed', '11']);
  });
  after(() => sim.stop());

  // About 5 minutes on an idle machine; on saturated cores beside the workbench suites it took over 10.
  test('every strategy', { timeout: 1_500_000 }, async () => {
    const tally = (arm: Arm, level: number, right: boolean) => {
      if (!correct.has(arm))
        correct.set(
          arm,
          Array.from({ length: 6 }, () => [0, 0]),
        );
      const row = correct.get(arm)![level];
      row[0] += right ? 1 : 0;
      row[1] += 1;
    };
    const grade = (gold: string, answer: string | null) => answer !== null && gradeAnswer(gold, answer).equal;
    const runs: { arm: Arm; strategy: StrategyName; climb: boolean }[] = [
      { arm: 'weighted-best-of-n', strategy: 'weighted-best-of-n', climb: false },
      { arm: 'beam', strategy: 'beam', climb: false },
      { arm: 'lookahead', strategy: 'lookahead', climb: false },
      { arm: 'revisions', strategy: 'revisions', climb: false },
      { arm: 'revisions (stochastic-climb)', strategy: 'revisions', climb: true },
    ];
    await Promise.all(
      runs.map(async ({ arm, strategy, climb }) => {
        const settings = engineSettings(sim.url, climb ? { revisions: { acceptance: 'stochastic-climb' } } : {});
        for (const [index, problem] of (arm === 'weighted-best-of-n' ? POOL_SUBSET : SEARCH_SUBSET).entries()) {
          // Seeded runs: the figures do not depend on which concurrent request reached the simulator first.
          const request = { problem: problem.problem, budget: BUDGET, strategy, seed: index };
          const { events, result } = await solveInProcess(settings, request);
          assert.equal(result.error, undefined);
          tally(arm, problem.level, grade(problem.answer, result.answer));
          if (strategy === 'revisions') countFlips(climb, events, (answer) => grade(problem.answer, answer));
          if (arm !== 'weighted-best-of-n') continue;
          const pool: Sample[] = events.flatMap((e) =>
            e.type === 'final' ? [{ id: e.candidateId, answer: e.answer, score: e.score }] : [],
          );
          assert.equal(weightedBestOfN(pool).answer, result.answer, 'the pure function reproduces the run');
          tally('single sample', problem.level, grade(problem.answer, pool[0]?.answer ?? null));
          tally('majority', problem.level, grade(problem.answer, majorityVote(pool).answer));
          tally('best-of-n', problem.level, grade(problem.answer, bestOfN(pool).answer));
        }
      }),
    );
    for (const [rule, f] of Object.entries(flips)) {
      console.log(
        `revisions (${rule}): ${f.revisedCorrect} revisions of a correct attempt, ${f.broken} of them wrong (${pct(f.broken, f.revisedCorrect)}); ` +
          `the chain's state went from correct to wrong in ${f.stateBroken} (${pct(f.stateBroken, f.revisedCorrect)})`,
      );
    }
    const rate = (arm: Arm, level?: number) => {
      const rows = correct.get(arm)!;
      const [right, total] = level ? rows[level] : rows.reduce((a, r) => [a[0] + r[0], a[1] + r[1]], [0, 0]);
      return right / total;
    };
    const header = `${'strategy'.padEnd(24)} problems overall  L1    L2    L3    L4    L5`;
    const size = (arm: Arm) => correct.get(arm)!.reduce((n, r) => n + r[1], 0);
    const lines = ARMS.map(
      (arm) =>
        `${arm.padEnd(24)} ${String(size(arm)).padEnd(8)} ${rate(arm).toFixed(3)}    ${[1, 2, 3, 4, 5].map((l) => rate(arm, l).toFixed(2)).join('  ')}`,
    );
    console.log([header, ...lines].join('\n'));
    assert.ok(rate('weighted-best-of-n') > rate('single sample'), 'weighted best-of-N beats a single sample');
    assert.ok(rate('weighted-best-of-n') > rate('majority'), 'weighted best-of-N beats majority voting');
  });
});
