// The `started` event: the run id (the caller's, or one minted by the engine) and the run's step
// delimiter when it is not the default, so the panel splits streamed text as the engine does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../src/core/index';
import type { SolveEvent } from '../../src/shared/events';
import { engineSettings } from './engineHarness';

/** The first event of a run against an endpoint that is never reached (the run is cancelled at once). */
async function startedOf(overrides: Record<string, unknown>, runId?: string): Promise<SolveEvent> {
  const controller = new AbortController();
  const run = createEngine(engineSettings('http://127.0.0.1:9/v1', overrides), {}).solve({
    problem: 'What is 1+1?',
    budget: 1,
    strategy: 'majority',
    runId,
    signal: controller.signal,
  });
  const reader = run[Symbol.asyncIterator]();
  const first = await reader.next();
  controller.abort();
  await run.result;
  return first.value as SolveEvent;
}

test("started carries the run id: the caller's, else a new UUID", async () => {
  const chosen = await startedOf({}, 'run-chosen-by-caller');
  assert.ok(chosen.type === 'started' && chosen.runId === 'run-chosen-by-caller');
  const minted = await startedOf({});
  assert.ok(minted.type === 'started' && /^[0-9a-f-]{36}$/.test(minted.runId));
});

test('started names the step delimiter only when it is not the default blank line', async () => {
  const custom = await startedOf({ verifier: { stepDelimiter: '\n---\n' } });
  assert.ok(custom.type === 'started');
  assert.equal(custom.stepDelimiter, '\n---\n');
  const plain = await startedOf({});
  assert.ok(plain.type === 'started');
  assert.equal('stepDelimiter' in plain, false);
});
