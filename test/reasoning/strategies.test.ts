// A reasoning policy behind each API shape (`ponder sim --thinking`, and OpenAI's reasoning models with
// `--emulate openai --thinking hidden`): every strategy at budgets 1, 4 and 16 ends in one result within
// budget; answers, steps and scores come from the final solution, never from the thinking (the
// simulated thinking entertains a decoy \boxed{} answer); each candidate's thinking travels in
// `delta.thinking` and `final.thinking`; and the meter's tokens equal the usage the server reported,
// thinking included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, MATH500, type Sim } from '../helpers/sim';
import { startUsageProxy, type UsageProxy } from '../helpers/usageProxy';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from '../engine/engineHarness';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import type { SolveEvent } from '../../src/shared/events';
import { THINKING_DECOY_ANSWER } from '../../src/sim/thinking';

const SETUPS = [
  { name: '--thinking reasoning_content', args: ['--thinking', 'reasoning_content'], visible: true },
  { name: '--thinking reasoning', args: ['--thinking', 'reasoning'], visible: true },
  { name: '--thinking tags', args: ['--thinking', 'tags'], visible: true },
  { name: '--emulate openai --thinking hidden', args: ['--emulate', 'openai', '--thinking', 'hidden'], visible: false },
];
const problem = PROBLEMS.find((p) => p.level === 3)!.problem;

for (const setup of SETUPS) {
  describe(setup.name, { timeout: 600_000 }, () => {
    let policy: Sim;
    let prm: Sim;
    let proxy: UsageProxy;
    before(async () => {
      policy = await startSim([...setup.args, '--problems', MATH500]);
      prm = await startSim(['--problems', MATH500]);
      // Only the runs' generations: not the capability probes (their prompts name no problem).
      proxy = await startUsageProxy(policy.url, (body) => JSON.stringify(body).includes(JSON.stringify(problem).slice(1, 40)));
    });
    after(async () => {
      await proxy?.close();
      await policy?.stop();
      await prm?.stop();
    });
    const settings = () =>
      engineSettings(proxy.url, {
        policy: { model: '', continuation: 'auto' },
        verifier: { url: prm.url, model: 'ponder-sim-prm' },
      });

    for (const strategy of STRATEGY_NAMES) {
      test(`${strategy} at budgets 1, 4 and 16: a result within budget, answers from the final solution, tokens as the server counted`, async () => {
        for (const budget of [1, 4, 16]) {
          const before = { prompt: proxy.promptTokens, completion: proxy.completionTokens };
          const { events, result } = await solveInProcess(settings(), { problem, budget, strategy });
          const where = `${strategy} at budget ${budget}`;
          checkEventContract(events);
          const fatal = events.find((e) => e.type === 'error' && e.fatal);
          assert.equal(fatal, undefined, `${where}: no fatal error: ${JSON.stringify(fatal)}`);
          assert.equal(events[events.length - 1].type, 'result', `${where} ends in a result`);
          assert.ok(result.usage.generations <= budget, `${where}: ${result.usage.generations} generations within ${budget}`);
          assert.equal(result.usage.failedGenerations, 0, `${where}: no generation failed`);
          assert.equal(
            result.usage.completionTokens,
            proxy.completionTokens - before.completion,
            `${where}: completion tokens as the server reported them`,
          );
          assert.equal(
            result.usage.promptTokens,
            proxy.promptTokens - before.prompt,
            `${where}: prompt tokens as the server reported them`,
          );
          checkAnswersFromSolutions(events, where, setup.visible);
          const route = events.find((e): e is Extract<SolveEvent, { type: 'route' }> => e.type === 'route')!;
          if (strategy === 'beam' || strategy === 'lookahead')
            assert.ok(!['beam', 'lookahead'].includes(route.strategy), `${where}: the probe found the policy reasons: ${route.reason}`);
        }
      });
    }
  });
}

function checkAnswersFromSolutions(events: SolveEvent[], where: string, visible: boolean): void {
  const finals = events.filter((e): e is Extract<SolveEvent, { type: 'final' }> => e.type === 'final');
  assert.ok(finals.length > 0, `${where}: candidates finished`);
  for (const final of finals)
    assert.ok(!final.answer?.includes(THINKING_DECOY_ANSWER), `${where}: an answer came from the thinking: ${final.answer}`);
  const result = events.find((e): e is Extract<SolveEvent, { type: 'result' }> => e.type === 'result')!;
  for (const vote of result.votes) assert.ok(!vote.answer.includes(THINKING_DECOY_ANSWER), `${where}: a vote for the thinking's answer`);
  for (const event of events) {
    if (event.type === 'step') assert.ok(!/<\/?think>|7919/.test(event.text), `${where}: a step holds thinking: ${event.text}`);
    if (event.type === 'delta')
      assert.ok(!/<\/?think>|7919/.test(event.text), `${where}: a delta's solution text holds thinking: ${event.text}`);
  }
  const thought = finals.filter((f) => f.thinking !== undefined);
  if (!visible) {
    assert.equal(thought.length, 0, `${where}: OpenAI shows no thinking, yet a final carries some`);
    return;
  }
  // Whole solutions think before they answer (a candidate cut inside its thinking has thinking and no answer).
  assert.ok(thought.length > 0, `${where}: no final event carries the candidate's thinking`);
  for (const final of thought) assert.ok(final.thinking!.length > 50, `${where}: thinking of ${final.candidateId} is ${final.thinking}`);
  const streamed = new Map<string, string>();
  for (const event of events)
    if (event.type === 'delta' && event.thinking) streamed.set(event.candidateId, (streamed.get(event.candidateId) ?? '') + event.thinking);
  for (const final of thought)
    if (streamed.has(final.candidateId))
      assert.equal(
        streamed.get(final.candidateId)!.trim(),
        final.thinking!.trim(),
        `${where}: the streamed thinking of ${final.candidateId} adds up to final.thinking`,
      );
}

test('the route reason says how a reasoning policy is read and scored', async () => {
  const policy = await startSim(['--thinking', 'reasoning_content', '--problems', MATH500]);
  try {
    const settings = engineSettings(policy.url, { policy: { continuation: 'auto' } });
    const { events } = await solveInProcess(settings, { problem, budget: 4, strategy: 'beam' });
    const route = events.find((e): e is Extract<SolveEvent, { type: 'route' }> => e.type === 'route')!;
    assert.notEqual(route.strategy, 'beam', `beam does not apply to a reasoning policy: ${route.reason}`);
    assert.match(route.reason, /reasoning policy cannot continue a partial answer past its thinking/);
    assert.match(route.reason, /scores the steps of the final solution only \(a final solution of one line is scored as one step\)/);
  } finally {
    await policy.stop();
  }
});
