// Every strategy end to end through `ponder solve --json` against `ponder sim --problems math500`,
// with a schema check of every event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, PROBLEMS } from './engineHarness';
import { simArgs, startCli } from './cliRun';

describe('ponder solve --json, every strategy', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--problems', MATH500]);
  });
  after(() => sim.stop());

  for (const strategy of [...STRATEGY_NAMES, 'auto'] as const) {
    test(strategy, async () => {
      const problem = PROBLEMS[12];
      const extra = strategy === 'revisions' ? ['--acceptance', 'stochastic-climb'] : [];
      const { code, stderr, events } = await startCli([
        'solve',
        problem.problem,
        '--json',
        '--budget',
        '8',
        '--strategy',
        strategy,
        ...simArgs(sim.url),
        ...extra,
      ]).done;
      assert.equal(code, 0, stderr);
      checkEventContract(events);
      const result = events[events.length - 1];
      assert.equal(result.type, 'result');
      if (result.type !== 'result') return;
      assert.ok(result.usage.generations <= 8 && result.usage.generations > 0);
      assert.ok(result.answer, 'an answer was chosen');
      assert.ok(result.votes.length > 0);
      const route = events.find((e) => e.type === 'route');
      assert.ok(route?.type === 'route');
      if (strategy !== 'auto') assert.equal(route.strategy, strategy);
      else
        assert.ok(
          events.some((e) => e.type === 'difficulty'),
          'auto estimates the difficulty',
        );
      assert.ok(events.some((e) => e.type === 'final'));
      if (strategy === 'beam' || strategy === 'lookahead')
        assert.ok(
          events.some((e) => e.type === 'pruned'),
          'search prunes',
        );
      if (strategy === 'lookahead') assert.ok(events.some((e) => e.type === 'candidate' && e.origin === 'lookahead-rollout'));
      if (strategy === 'revisions')
        assert.ok(
          events.some((e) => e.type === 'final' && e.accepted !== undefined),
          'stochastic-climb reports acceptance',
        );
      assert.ok(!stderr.includes('Bearer'), 'no credentials in diagnostics');
    });
  }
});
