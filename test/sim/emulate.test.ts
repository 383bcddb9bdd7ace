// `ponder sim --emulate SERVER`: identity endpoints, error shapes, refused and ignored fields, `n`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { APIError } from 'openai';
import { client, postJson } from './fixtures';
import { CONTINUE, get, PROBLEM, withSim, type Json } from './emulate-helpers';

const user = [{ role: 'user' as const, content: PROBLEM }];

const OWNERS = {
  vllm: 'vllm',
  sglang: 'sglang',
  openai: 'system',
  ollama: 'library',
  llamacpp: 'llamacpp',
  lmstudio: 'organization_owner',
};

for (const [server, owner] of Object.entries(OWNERS)) {
  test(`${server}: /v1/models names its owner ${owner}`, () =>
    withSim(['--emulate', server], async (sim) => {
      const list = await client(sim.url).models.list();
      assert.ok(list.data.length > 0);
      for (const m of list.data) assert.equal(m.owned_by, owner);
    }));
}

test('identity endpoints at the origin, each 404 elsewhere in its own shape', async () => {
  const ownRoutes: Record<string, string[]> = {
    vllm: ['/version', '/health'],
    sglang: ['/get_server_info', '/get_model_info', '/health'],
    llamacpp: ['/props', '/health'],
    ollama: ['/api/version', '/api/tags'],
    lmstudio: ['/api/v0/models'],
    openai: [],
  };
  const all = [...new Set(Object.values(ownRoutes).flat())];
  for (const [server, routes] of Object.entries(ownRoutes)) {
    await withSim(['--emulate', server, '--parallel', '6'], async (sim) => {
      for (const path of all) {
        const r = await get(sim.origin + path);
        if (routes.includes(path)) {
          assert.equal(r.status, 200, `${server} ${path}`);
          continue;
        }
        if (server === 'lmstudio') {
          assert.equal(r.status, 200, `${server} ${path}`);
          assert.deepEqual(r.json, { error: `Unexpected endpoint or method. (GET ${path})` });
          continue;
        }
        assert.equal(r.status, 404, `${server} ${path}`);
        if (server === 'vllm' || server === 'sglang') assert.deepEqual(r.json, { detail: 'Not Found' });
        if (server === 'llamacpp') assert.deepEqual(r.json, { error: { message: 'File Not Found', type: 'not_found_error', code: 404 } });
        if (server === 'ollama') assert.equal(r.text, '404 page not found');
        if (server === 'openai') assert.equal((r.json as { error: Json }).error.message, `Invalid URL (GET ${path})`);
      }
      if (server === 'vllm') assert.deepEqual((await get(`${sim.origin}/version`)).json, { version: '0.11.0' });
      if (server === 'llamacpp') assert.equal(((await get(`${sim.origin}/props`)).json as Json).total_slots, 6);
    });
  }
});

test('ollama: --server-version is what /api/version reports', () =>
  withSim(['--emulate', 'ollama', '--server-version', '0.9.6'], async (sim) => {
    assert.deepEqual((await get(`${sim.origin}/api/version`)).json, { version: '0.9.6' });
  }));

test('openai refuses vLLM extension fields and /v1/completions for a chat model', () =>
  withSim(['--emulate', 'openai'], async (sim) => {
    for (const field of ['continue_final_message', 'add_generation_prompt', 'min_tokens']) {
      const r = await postJson(`${sim.url}/chat/completions`, { messages: CONTINUE, [field]: field === 'min_tokens' ? 1 : false });
      assert.equal(r.status, 400, field);
      assert.deepEqual(r.json, {
        error: { message: `Unrecognized request argument supplied: ${field}`, type: 'invalid_request_error', param: null, code: null },
      });
    }
    const openai = client(sim.url);
    await assert.rejects(openai.completions.create({ model: 'ponder-sim-policy', prompt: PROBLEM }), (e: APIError) => {
      assert.equal(e.status, 404);
      assert.match(
        e.message,
        /This is a chat model and not supported in the v1\/completions endpoint\. Did you mean to use v1\/chat\/completions\?/,
      );
      return true;
    });
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-9', messages: user }), (e: APIError) => e.status === 404);
  }));

test('vllm and sglang accept the extension fields; their error bodies differ', async () => {
  for (const server of ['vllm', 'sglang']) {
    await withSim(['--emulate', server], async (sim) => {
      const body = { messages: CONTINUE, continue_final_message: true, add_generation_prompt: false, min_tokens: 1, max_tokens: 8 };
      assert.equal((await postJson(`${sim.url}/chat/completions`, body)).status, 200, server);
      const bad = await postJson(`${sim.url}/chat/completions`, { messages: user, n: 0 });
      assert.equal(bad.status, 400);
      const json = bad.json as Json;
      if (server === 'vllm') assert.deepEqual(Object.keys((json as { error: Json }).error).sort(), ['code', 'message', 'param', 'type']);
      else assert.equal(json.object, 'error');
    });
  }
  await withSim(['--emulate', 'vllm'], async (sim) => {
    const both = await postJson(`${sim.url}/chat/completions`, {
      messages: CONTINUE,
      continue_final_message: true,
      add_generation_prompt: true,
    });
    assert.equal(both.status, 400);
    assert.equal(
      (both.json as { error: Json }).error.message,
      'Cannot set both `continue_final_message` and `add_generation_prompt` to True.',
    );
  });
});

test('llama.cpp: continue_final_message without add_generation_prompt: false is a 400 in its error shape', () =>
  withSim(['--emulate', 'llamacpp'], async (sim) => {
    const r = await postJson(`${sim.url}/chat/completions`, { messages: CONTINUE, continue_final_message: true });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      error: {
        code: 400,
        message: 'Cannot set both add_generation_prompt and continue_final_message to true.',
        type: 'invalid_request_error',
      },
    });
  }));

test('n: honoured by vllm/sglang/openai, one choice on ollama and lmstudio, capped by llama.cpp slots', async () => {
  for (const [server, expected] of [
    ['vllm', 3],
    ['sglang', 3],
    ['openai', 3],
    ['ollama', 1],
    ['lmstudio', 1],
    ['llamacpp', 3],
  ] as const) {
    await withSim(['--emulate', server], async (sim) => {
      const r = await client(sim.url).chat.completions.create({ model: 'ponder-sim-policy', messages: user, n: 3, max_tokens: 5 });
      assert.equal(r.choices.length, expected, server);
    });
  }
  await withSim(['--emulate', 'llamacpp', '--parallel', '4'], async (sim) => {
    const r = await postJson(`${sim.url}/chat/completions`, { messages: user, n: 5 });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      error: { code: 400, message: "Field 'n': Value must be between 1 <= value <= 4, but got 5", type: 'invalid_request_error' },
    });
  });
  await withSim(['--emulate', 'llamacpp', '--llamacpp-legacy-n', 'true'], async (sim) => {
    const r = await postJson(`${sim.url}/chat/completions`, { messages: user, n: 2 });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { error: { code: 500, message: 'Only one completion choice is allowed', type: 'server_error' } });
    assert.equal((await postJson(`${sim.url}/chat/completions`, { messages: user, n: 1, max_tokens: 3 })).status, 200);
  });
});

test('bad --emulate and --chat-template values are refused at start', async () => {
  const { spawnSync } = await import('node:child_process');
  const { CLI } = await import('../helpers/sim');
  const bad = spawnSync(process.execPath, [CLI, 'sim', '--emulate', 'tgi'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--emulate expects one of vllm, sglang, openai, ollama, llamacpp, lmstudio/);
  const missing = spawnSync(process.execPath, [CLI, 'sim', '--port', '0', '--emulate', 'vllm', '--chat-template', 'no-such-model'], {
    encoding: 'utf8',
  });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /no chat template no-such-model/);
});
