// Bad input gets a 4xx OpenAI-style error, and the server keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, type Sim } from '../helpers/sim';
import { postJson } from './fixtures';

let sim: Sim;
before(async () => {
  sim = await startSim();
});
after(() => sim.stop());

const messages = [{ role: 'user', content: 'What is 2 + 2?' }];

function assertOpenAiError(json: unknown, status: number, pattern: RegExp): void {
  const error = (json as { error?: { message?: unknown; type?: unknown; code?: unknown } }).error;
  assert.ok(error, `an error object: ${JSON.stringify(json)}`);
  assert.equal(typeof error.message, 'string');
  assert.equal(typeof error.type, 'string');
  assert.equal(error.code, status);
  assert.match(String(error.message), pattern);
}

async function stillServes(): Promise<void> {
  const r = await postJson(`${sim.url}/chat/completions`, { messages, seed: 1 });
  assert.equal(r.status, 200);
}

test('malformed JSON is a 400', async () => {
  const r = await fetch(`${sim.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"messages": [',
  });
  assert.equal(r.status, 400);
  assertOpenAiError(await r.json(), 400, /not valid JSON/);
  await stillServes();
});

const invalid: Array<[string, object, RegExp]> = [
  ['missing messages', {}, /messages/],
  ['n = 0', { messages, n: 0 }, /^n:/],
  ['n = 10000', { messages, n: 10_000 }, /^n:/],
  ['negative max_tokens', { messages, max_tokens: -5 }, /^max_tokens:/],
  ['a message without a role', { messages: [{ content: 'hi' }] }, /messages\.0\.role/],
  ['a body that is not an object', [1, 2], /JSON object/],
];
for (const [name, body, pattern] of invalid) {
  test(`${name} is a 400 naming the field`, async () => {
    const r = await postJson(`${sim.url}/chat/completions`, body);
    assert.equal(r.status, 400);
    assertOpenAiError(r.json, 400, pattern);
    await stillServes();
  });
}

test('unknown fields are ignored, as vLLM does', async () => {
  const r = await postJson(`${sim.url}/chat/completions`, {
    messages,
    seed: 1,
    frobnicate: true,
    guided_json: null,
    repetition_penalty: 1.1,
  });
  assert.equal(r.status, 200);
});

test('a 10 MB body gets a readable 413, not a reset connection', async () => {
  const huge = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(10 * 1024 * 1024) }] });
  const r = await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
  assert.equal(r.status, 413);
  assertOpenAiError(await r.json(), 413, /larger than the limit/);
  await stillServes();
});

test('unknown routes are 404 and wrong methods 405, in the error shape', async () => {
  const r = await fetch(`${sim.origin}/v2/everything`);
  assert.equal(r.status, 404);
  assertOpenAiError(await r.json(), 404, /no route/);
  const get = await fetch(`${sim.url}/chat/completions`);
  assert.equal(get.status, 405);
  await stillServes();
});

test('continue_final_message without a final assistant message is a 400', async () => {
  const r = await postJson(`${sim.url}/chat/completions`, { messages, continue_final_message: true, add_generation_prompt: false });
  assert.equal(r.status, 400);
  assertOpenAiError(r.json, 400, /assistant/);
});
