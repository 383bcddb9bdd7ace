// The run's concurrency limiter must not leave an abort listener behind per request it queued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { Limiter } from '../../src/core/limiter';

test('a queued acquire listens to the signal only while it waits', async () => {
  const limiter = new Limiter(1);
  const controller = new AbortController();
  const first = await limiter.acquire(1, controller.signal);
  const waiting = Array.from({ length: 20 }, () => limiter.acquire(1, controller.signal));
  assert.equal(getEventListeners(controller.signal, 'abort').length, 20);
  first();
  for (const pending of waiting) (await pending)();
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test('aborting a queued acquire rejects it and lets the next one through', async () => {
  const limiter = new Limiter(1);
  const held = await limiter.acquire(1);
  const controller = new AbortController();
  const aborted = limiter.acquire(1, controller.signal);
  const next = limiter.acquire(1);
  controller.abort(new Error('stop'));
  await assert.rejects(aborted, /stop/);
  held();
  (await next)();
});
