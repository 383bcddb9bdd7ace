// The per-generation token limit (budget.maxTokensPerGeneration, default 0 = by whether the policy
// reasons): 1,024 until a reply shows thinking, 8,192 after; 8,192 from the start when
// policy.reasoning names the shape; always the configured number when one is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, MATH500 } from '../helpers/sim';
import { startRecorder } from '../engine/recorder';
import { engineSettings, PROBLEMS, solveInProcess } from '../engine/engineHarness';
import { INSTRUCT_MAX_TOKENS, REASONING_MAX_TOKENS } from '../../src/core/endpoints/reasoning';

const problem = PROBLEMS.find((p) => p.level === 2)!.problem;

async function limitsSent(simArgs: string[], overrides: Record<string, unknown>): Promise<number[]> {
  const sim = await startSim([...simArgs, '--problems', MATH500]);
  const recorder = await startRecorder(sim.origin);
  try {
    const settings = engineSettings(recorder.url, { verifier: { kind: 'none' }, ...overrides });
    const { result } = await solveInProcess(settings, { problem, budget: 4, strategy: 'revisions' });
    assert.equal(result.usage.generations, 4, `revisions spent its budget: ${result.error ?? ''}`);
    return recorder.requests.filter((r) => /completions$/.test(r.path)).map((r) => r.maxTokens ?? -1);
  } finally {
    await recorder.close();
    await sim.stop();
  }
}

test('auto: the instruct limit until a reply shows thinking, the reasoning limit after', async () => {
  const sent = await limitsSent(['--thinking', 'reasoning_content'], {});
  assert.equal(sent[0], INSTRUCT_MAX_TOKENS, `the first request, before any reply: ${sent.join(', ')}`);
  assert.equal(sent[sent.length - 1], REASONING_MAX_TOKENS, `the revisions, after thinking was seen: ${sent.join(', ')}`);
  const instruct = await limitsSent([], {});
  assert.ok(
    instruct.every((m) => m === INSTRUCT_MAX_TOKENS),
    `an instruct policy keeps ${INSTRUCT_MAX_TOKENS}: ${instruct.join(', ')}`,
  );
});

test('policy.reasoning set: the reasoning limit from the first request; an explicit limit always wins', async () => {
  const set = await limitsSent(['--thinking', 'tags'], { policy: { reasoning: 'tags' } });
  assert.ok(
    set.every((m) => m === REASONING_MAX_TOKENS),
    `every request: ${set.join(', ')}`,
  );
  const explicit = await limitsSent(['--thinking', 'tags'], { budget: { maxTokensPerGeneration: 3000 } });
  assert.ok(
    explicit.every((m) => m === 3000),
    `every request: ${explicit.join(', ')}`,
  );
});
