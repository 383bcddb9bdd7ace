// Determinism under concurrency, capacity and queueing, real streaming over time, and client aborts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { client, MATH_ROWS, waitForStats } from './fixtures';

const messages = [{ role: 'user' as const, content: MATH_ROWS[10].problem }];

describe('determinism', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--problems', MATH500, '--seed', '17']);
  });
  after(() => sim.stop());

  test('32 concurrent requests with the same seed get identical replies', async () => {
    const openai = client(sim.url);
    const replies = await Promise.all(
      Array.from({ length: 32 }, () =>
        openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 1234, n: 3, logprobs: true }),
      ),
    );
    const contents = replies.map((r) => JSON.stringify(r.choices.map((c) => [c.message.content, c.logprobs, c.finish_reason])));
    assert.equal(new Set(contents).size, 1);
    assert.equal(new Set(replies.map((r) => JSON.stringify(r.usage))).size, 1);
  });

  test('a different --seed gives a different model', async () => {
    const other = await startSim(['--problems', MATH500, '--seed', '18']);
    try {
      const ask = (s: Sim) => client(s.url).chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 1234 });
      const [a, b] = await Promise.all([ask(sim), ask(other)]);
      assert.notEqual(a.choices[0].message.content, b.choices[0].message.content);
    } finally {
      await other.stop();
    }
  });
});

describe('capacity and latency', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--capacity', '2', '--tokens-per-second', '40', '--ttft-ms', '20']);
  });
  after(() => sim.stop());

  test('sequences beyond --capacity queue; aborting clients leaves nothing in flight or queued', async () => {
    const abort = new AbortController();
    const openai = client(sim.url);
    const pending = Array.from({ length: 3 }, (_, i) =>
      openai.chat.completions
        .create({ model: 'ponder-sim-policy', messages, seed: i, n: 2 }, { signal: abort.signal })
        .catch((e: unknown) => e),
    );
    const busy = await waitForStats(sim.stats, (s) => s.inFlight === 3 && s.queued === 4);
    assert.equal(busy.generations, 6);
    assert.equal(busy.abandonedGenerations, 0);
    abort.abort();
    await Promise.all(pending);
    const after = await waitForStats(sim.stats, (s) => s.inFlight === 0 && s.queued === 0);
    assert.equal((await waitForStats(sim.stats, (s) => s.abandonedGenerations === 6)).generations, 6, 'all 6 started, all 6 abandoned');
    assert.equal(after.generations, 6);
  });

  test('a stream delivers its first chunks while the rest is still being decoded', async () => {
    const abort = new AbortController();
    const r = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages, seed: 3, stream: true }),
      signal: abort.signal,
    });
    const reader = r.body!.getReader();
    let received = '';
    while (!received.includes('"content":"Step')) received += new TextDecoder().decode((await reader.read()).value);
    // The reply has over a hundred tokens at 40 tokens/s, so it is still in flight now.
    const midway = await sim.stats();
    assert.equal(midway.inFlight, 1);
    assert.ok(!received.includes('[DONE]'));
    abort.abort();
    await waitForStats(sim.stats, (s) => s.inFlight === 0);
  });
});
