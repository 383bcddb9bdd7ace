// `ponder sim --emulate SERVER`: stop reporting, usage shapes, logprobs, and how a partial answer
// is continued through real chat templates (Llama-3.1 trims the prefix, Qwen2.5 keeps it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MATH500 } from '../helpers/sim';
import { postJson, sseData } from './fixtures';
import { CONTINUE, PARTIAL, PROBLEM, withSim, type Json } from './emulate-helpers';

const user = [{ role: 'user', content: PROBLEM }];
const continueBody = { messages: CONTINUE, continue_final_message: true, add_generation_prompt: false, stop: ['\n\n'], temperature: 0 };

type Choice = {
  finish_reason: string;
  message: { content: string };
  stop_reason?: unknown;
  matched_stop?: unknown;
  logprobs?: { content: Json[] } | null;
};

async function chat(url: string, body: Json): Promise<{ status: number; choices: Choice[]; json: Json }> {
  const r = await postJson(`${url}/chat/completions`, body);
  const json = r.json as Json;
  return { status: r.status, choices: (json.choices ?? []) as Choice[], json };
}

async function streamChunks(url: string, body: Json): Promise<Json[]> {
  const r = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  return sseData(await r.text())
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d) as Json);
}

test('stop reporting: vLLM stop_reason, SGLang matched_stop (string or EOS id), others only finish_reason', async () => {
  for (const server of ['vllm', 'sglang', 'openai', 'ollama', 'llamacpp', 'lmstudio']) {
    await withSim(['--emulate', server, '--problems', MATH500], async (sim) => {
      const stepped = (await chat(sim.url, { messages: user, stop: ['\n\n'], temperature: 0 })).choices[0];
      const whole = (await chat(sim.url, { messages: user, temperature: 0 })).choices[0];
      assert.equal(stepped.finish_reason, 'stop', server);
      assert.equal(whole.finish_reason, 'stop', server);
      if (server === 'vllm') {
        assert.equal(stepped.stop_reason, '\n\n');
        assert.equal(whole.stop_reason, null);
      } else assert.ok(!('stop_reason' in stepped), server);
      if (server === 'sglang') {
        assert.equal(stepped.matched_stop, '\n\n');
        assert.equal(typeof whole.matched_stop, 'number');
      } else assert.ok(!('matched_stop' in stepped), server);
    });
  }
});

test('usage: one final chunk with totals (vLLM, Ollama); llama.cpp one chunk per choice and one choice in bodies', async () => {
  await withSim(['--emulate', 'vllm'], async (sim) => {
    const chunks = await streamChunks(sim.url, { messages: user, n: 2, max_tokens: 6, stream_options: { include_usage: true } });
    const usages = chunks.filter((c) => c.usage);
    assert.equal(usages.length, 1);
    assert.deepEqual(usages[0].choices, []);
    assert.equal((usages[0].usage as Json).completion_tokens, 12);
    assert.equal(chunks[chunks.length - 1], usages[0]);
  });
  await withSim(['--emulate', 'ollama'], async (sim) => {
    const chunks = await streamChunks(sim.url, { messages: user, max_tokens: 6, stream_options: { include_usage: true } });
    assert.equal(chunks.filter((c) => c.usage).length, 1);
    assert.equal((chunks[chunks.length - 1].usage as Json).completion_tokens, 6);
  });
  await withSim(['--emulate', 'llamacpp'], async (sim) => {
    const chunks = await streamChunks(sim.url, { messages: user, n: 3, max_tokens: 6, stream_options: { include_usage: true } });
    const usages = chunks.filter((c) => c.usage);
    assert.equal(usages.length, 3);
    for (const u of usages) {
      assert.deepEqual(u.choices, []);
      assert.equal((u.usage as Json).completion_tokens, 6);
    }
    assert.ok(chunks.filter((c) => !c.usage).every((c) => !('usage' in c)));
    const role = chunks.find((c) => ((c.choices as Json[])[0]?.delta as Json | undefined)?.role === 'assistant');
    assert.equal(((role!.choices as Json[])[0].delta as Json).content, null);
    const body = await chat(sim.url, { messages: user, n: 3, max_tokens: 6 });
    assert.equal((body.json.usage as Json).completion_tokens, 6);
  });
});

test('logprobs: llama.cpp adds token ids; Ollama has none before 0.12.11', async () => {
  await withSim(['--emulate', 'llamacpp'], async (sim) => {
    const c = (await chat(sim.url, { messages: user, max_tokens: 3, logprobs: true, top_logprobs: 2 })).choices[0];
    for (const item of c.logprobs!.content) assert.equal(typeof item.id, 'number');
  });
  for (const [version, has] of [
    ['0.12.10', false],
    ['0.12.11', true],
  ] as const) {
    await withSim(['--emulate', 'ollama', '--server-version', version], async (sim) => {
      const c = (await chat(sim.url, { messages: user, max_tokens: 3, logprobs: true, top_logprobs: 2 })).choices[0];
      assert.equal(Array.isArray(c.logprobs?.content), has, version);
    });
  }
});

test('vllm + Llama-3.1 template: the trimmed prefix makes the model open with "\\n\\n", so stop ["\\n\\n"] gives an empty step', () =>
  withSim(['--emulate', 'vllm', '--chat-template', 'meta-llama-Llama-3.1-8B-Instruct'], async (sim) => {
    const r = await chat(sim.url, continueBody);
    assert.equal(r.status, 200);
    assert.equal(r.choices[0].message.content, '');
    assert.equal(r.choices[0].finish_reason, 'stop');
    assert.equal(r.choices[0].stop_reason, '\n\n');
    // min_tokens: 1 defers the stop check past the separator token: the next step comes back.
    const retried = (await chat(sim.url, { ...continueBody, min_tokens: 1 })).choices[0];
    assert.match(retried.message.content, /^\n\nStep 2: [^\n]+$/);
    assert.equal(retried.stop_reason, '\n\n');
  }));

test('vllm + Qwen2.5 template keeps the prefix verbatim: the next step comes back directly', () =>
  withSim(['--emulate', 'vllm', '--chat-template', 'Qwen-Qwen2.5-7B-Instruct'], async (sim) => {
    const c = (await chat(sim.url, continueBody)).choices[0];
    assert.match(c.message.content, /^Step 2: [^\n]+$/);
    assert.equal(c.stop_reason, '\n\n');
  }));

test('sglang: min_tokens does not defer stop strings', () =>
  withSim(['--emulate', 'sglang', '--chat-template', 'meta-llama-Llama-3.1-8B-Instruct'], async (sim) => {
    const c = (await chat(sim.url, { ...continueBody, min_tokens: 1 })).choices[0];
    assert.equal(c.message.content, '');
    assert.equal(c.matched_stop, '\n\n');
  }));

test('ollama ignores continue_final_message: the reply restarts the solution', () =>
  withSim(['--emulate', 'ollama', '--chat-template', 'Qwen-Qwen2.5-7B-Instruct'], async (sim) => {
    const c = (await chat(sim.url, continueBody)).choices[0];
    assert.match(c.message.content, /^Step 1: /);
  }));

test('llama.cpp continues the prefill verbatim: non-streamed content repeats it, streamed deltas do not', () =>
  withSim(['--emulate', 'llamacpp', '--chat-template', 'meta-llama-Llama-3.1-8B-Instruct'], async (sim) => {
    const c = (await chat(sim.url, continueBody)).choices[0];
    assert.ok(c.message.content.startsWith(PARTIAL + 'Step 2: '), JSON.stringify(c.message.content));
    const chunks = await streamChunks(sim.url, continueBody);
    const text = chunks.map((ch) => (((ch.choices as Json[])[0]?.delta as Json | undefined)?.content as string | null) ?? '').join('');
    assert.match(text, /^Step 2: /);
  }));

test('prompt_tokens come from the rendered template; a template that cannot continue is a clear 400', async () => {
  const counts: number[] = [];
  for (const template of ['Qwen-Qwen2.5-7B-Instruct', 'meta-llama-Llama-3.1-8B-Instruct']) {
    await withSim(['--emulate', 'vllm', '--chat-template', template], async (sim) => {
      counts.push(((await chat(sim.url, { messages: user, max_tokens: 2 })).json.usage as Json).prompt_tokens as number);
    });
  }
  assert.ok(counts[1] > counts[0] + 10, `Llama-3.1's system header is longer: ${counts.join(' vs ')}`);
  await withSim(['--emulate', 'vllm', '--chat-template', 'openai-gpt-oss-120b'], async (sim) => {
    const r = await chat(sim.url, continueBody);
    assert.equal(r.status, 400);
    assert.match((r.json.error as Json).message as string, /harmony format, which cannot continue/);
  });
});
