// Step search at its round cap: a policy whose solutions never end. After the last round every open
// path votes with what it has; nothing is booked as a failed generation, so the run is not partial.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BudgetMeter } from '../../src/core/budget';
import type { Completion, PolicyClient } from '../../src/core/endpoints/policy';
import { Limiter } from '../../src/core/limiter';
import { MAX_ROUNDS, stepSearch } from '../../src/core/strategies/search';
import type { Candidate, EventInput, StrategyContext } from '../../src/core/strategies/types';
import type { Verifier } from '../../src/core/verifiers/types';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { DEFAULT_STEP_DELIMITER, splitSteps } from '../../src/shared/steps';

/**
 * A context whose policy writes one more unfinished step per request (the first choice of each last-round
 * request fails when `failLastRound`), and whose verifier prefers short steps.
 */
function endlessContext(budget: number, failLastRound = false) {
  const events: EventInput[] = [];
  const meter = new BudgetMeter(budget);
  let requests = 0;
  const policy = {
    generate: async (prompt: { prefix?: string }, options: { n: number; temperature: number }) => {
      requests++;
      const lastRound = splitSteps(prompt.prefix ?? '', DEFAULT_STEP_DELIMITER).length === MAX_ROUNDS - 1;
      return Array.from({ length: options.n }, (_, i): Completion => {
        if (failLastRound && lastRound && i === 0 && options.temperature > 0) return { ok: false, error: 'HTTP 500' };
        return { ok: true, text: `Still thinking (${requests}.${i}).`, finishReason: 'stop', ended: 'stop-string' };
      });
    },
  } as unknown as PolicyClient;
  const verifier = {
    scoreLastStep: async (_problem: string, steps: string[]) => 1 / (1 + steps.length + steps.at(-1)!.length / 100),
  } as unknown as Verifier;
  let ids = 0;
  const pool: Candidate[] = [];
  const ctx: StrategyContext = {
    problem: 'What is 1 + 1?',
    budget,
    params: {},
    settings: DEFAULT_SETTINGS,
    policy,
    verifier,
    run: { limiter: new Limiter(4), meter, log: () => undefined },
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
    newId: () => `c${++ids}`,
    probe: [],
    pool,
    seed: 0,
    deltas: false,
  };
  return { ctx, events, meter, pool };
}

describe('step search at the round cap', () => {
  for (const [paths, width, lookahead] of [
    [4, 2, 0],
    [16, 4, 0],
    [5, 4, 0],
    [6, 3, 1],
  ] as const) {
    test(`${paths} paths, width ${width}, lookahead ${lookahead}: every path still open after ${MAX_ROUNDS} rounds votes`, async () => {
      const { ctx, events, meter, pool } = endlessContext(paths * (lookahead + 1));
      await stepSearch(ctx, { paths, width, lookahead });
      const usage = meter.snapshot();
      assert.equal(usage.failedGenerations, 0, 'no generation is booked as failed');
      assert.equal(pool.length, paths, 'one voting candidate per path');
      assert.ok(
        pool.every((c) => c.steps.length === MAX_ROUNDS),
        'each path grew one step per round',
      );
      const rollouts = new Set(events.flatMap((e) => (e.type === 'candidate' && e.origin === 'lookahead-rollout' ? [e.id] : [])));
      const prunedLast = events.filter((e) => e.type === 'pruned' && e.round === MAX_ROUNDS && !rollouts.has(e.candidateId));
      assert.deepEqual(prunedLast, [], 'the last round prunes no path');
      assert.ok(usage.generations <= paths * (lookahead + 1), 'within budget');
    });
  }

  test('steps that fail are still booked as failed generations at the cap', async () => {
    const { ctx, meter, pool } = endlessContext(8, true);
    await stepSearch(ctx, { paths: 8, width: 2, lookahead: 0 });
    const usage = meter.snapshot();
    assert.ok(usage.failedGenerations > 0, 'steps dropped in the last round lose their paths');
    assert.equal(pool.length + usage.failedGenerations, 8, 'every path either votes or is booked as failed');
  });
});
