// A raw-completions policy whose prompt template opens the thinking (DeepSeek-R1 distills end the
// generation prompt with <think>\n): the simulated model goes on from inside it, writing only </think>,
// and Ponder still keeps the thinking apart, streamed and whole, and reads answers from the solution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, MATH500 } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from '../engine/engineHarness';
import type { SolveEvent } from '../../src/shared/events';
import { THINKING_DECOY_ANSWER } from '../../src/sim/thinking';

const R1_TEMPLATE = '<｜begin▁of▁sentence｜>{system}<｜User｜>{user}<｜Assistant｜><think>\n';

test('policy.api completions with an R1-style template: thinking apart from the solution, live and whole', async () => {
  const sim = await startSim(['--thinking', 'tags', '--problems', MATH500]);
  try {
    const problem = PROBLEMS.find((p) => p.level === 3)!.problem;
    const settings = engineSettings(sim.url, {
      policy: { api: 'completions', chatTemplate: R1_TEMPLATE },
      verifier: { kind: 'none' },
    });
    const { events, result } = await solveInProcess(settings, { problem, budget: 4, strategy: 'majority' });
    checkEventContract(events);
    assert.equal(result.usage.generations, 4, result.error ?? '');
    const finals = events.filter((e): e is Extract<SolveEvent, { type: 'final' }> => e.type === 'final');
    assert.ok(
      finals.every((f) => f.answer !== null && !f.answer.includes(THINKING_DECOY_ANSWER) && (f.thinking?.length ?? 0) > 50),
      JSON.stringify(finals.map((f) => [f.answer, f.thinking?.length])),
    );
    for (const event of events) {
      if (event.type === 'delta') assert.ok(!/<\/?think>|7919/.test(event.text), `solution text holds thinking: ${event.text}`);
      if (event.type === 'step') assert.ok(!/<\/?think>|7919/.test(event.text), `a step holds thinking: ${event.text}`);
    }
    const streamed = events.filter((e) => e.type === 'delta' && e.thinking).length;
    assert.ok(streamed > 0, 'the thinking streamed in delta.thinking');
  } finally {
    await sim.stop();
  }
});
