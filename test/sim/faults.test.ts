// Fault injection: each kind via the X-Ponder-Fault header, and via the --*-rate options.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { APIError } from 'openai';
import { startSim, type Sim } from '../helpers/sim';
import { client, postJson, sseData, waitForStats } from './fixtures';

const body = { model: 'ponder-sim-policy', messages: [{ role: 'user' as const, content: 'What is 2 + 2?' }], seed: 1 };

let sim: Sim;
before(async () => {
  sim = await startSim(['--stall-ms', '600000']);
});
after(() => sim.stop());

function post(fault: string, extra: object = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Ponder-Fault': fault },
    body: JSON.stringify({ ...body, ...extra }),
    signal,
  });
}

/** Reads a streamed body until it ends or breaks; returns what arrived and whether it broke. */
async function readUntilCut(r: Response): Promise<{ text: string; broken: boolean }> {
  const reader = r.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, broken: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broken: true };
  }
}

describe('X-Ponder-Fault', () => {
  test('fail: a 500 in the OpenAI error shape, seen by the openai client', async () => {
    const openai = client(sim.url);
    await assert.rejects(
      openai.chat.completions.create(body, { headers: { 'X-Ponder-Fault': 'fail' } }),
      (e: APIError) => e.status === 500 && /simulated/.test(e.message),
    );
    assert.equal((await sim.stats()).faults.fail, 1);
  });

  test('rate-limit: a 429 with Retry-After', async () => {
    const r = await post('rate-limit');
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '1');
    const json = (await r.json()) as { error: { type: string } };
    assert.equal(json.error.type, 'rate_limit_exceeded');
  });

  test('malformed: a 200 whose body is not JSON (and a stream whose first frame is not)', async () => {
    const r = await post('malformed');
    assert.equal(r.status, 200);
    const text = await r.text();
    assert.throws(() => JSON.parse(text));
    const stream = await post('malformed', { stream: true });
    const frames = sseData(await stream.text());
    assert.throws(() => JSON.parse(frames[0]));
  });

  test('truncate: a stream is cut after at least one chunk; a JSON body is cut short', async () => {
    const stream = await post('truncate', { stream: true });
    const { text, broken } = await readUntilCut(stream);
    assert.ok(broken, 'the connection was cut');
    assert.ok(sseData(text).length >= 1, 'at least one chunk arrived');
    assert.ok(!text.includes('[DONE]'));
    const json = await post('truncate');
    await assert.rejects(json.text());
  });

  test('stall: no bytes until --stall-ms; an aborting client leaves nothing in flight', async () => {
    const before = await sim.stats();
    const abort = new AbortController();
    const pending = post('stall', {}, abort.signal).catch((e: unknown) => e);
    await waitForStats(sim.stats, (s) => s.faults.stall === before.faults.stall + 1 && s.inFlight === 1);
    abort.abort();
    assert.ok((await pending) instanceof Error);
    await waitForStats(sim.stats, (s) => s.inFlight === 0);
  });

  test('an unknown fault name is a 400 naming the valid ones', async () => {
    const r = await post('explode');
    assert.equal(r.status, 400);
    assert.match(await r.text(), /fail, rate-limit, stall, truncate, malformed/);
  });
});

describe('fault rates', () => {
  test('--fail-rate 1 fails every request and counts it; --stall-ms ends a stall with a normal reply', async () => {
    const failing = await startSim(['--fail-rate', '1']);
    try {
      const replies = await Promise.all([1, 2, 3].map(() => postJson(`${failing.url}/chat/completions`, body)));
      assert.deepEqual(
        replies.map((r) => r.status),
        [500, 500, 500],
      );
      assert.equal((await failing.stats()).faults.fail, 3);
    } finally {
      await failing.stop();
    }
    const stalling = await startSim(['--stall-rate', '1', '--stall-ms', '50']);
    try {
      const r = await postJson(`${stalling.url}/chat/completions`, body);
      assert.equal(r.status, 200);
      assert.equal((await stalling.stats()).faults.stall, 1);
    } finally {
      await stalling.stop();
    }
  });
});
