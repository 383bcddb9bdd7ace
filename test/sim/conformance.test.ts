// Drives `ponder sim` over real HTTP with the official openai client (and raw fetch for SSE).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import type { APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { client, MATH_ROWS, postJson, sseData } from './fixtures';

const problem = MATH_ROWS[0];
const messages = [
  {
    role: 'system' as const,
    content: 'Solve the problem step by step. Separate steps with a blank line and put the final answer in \\boxed{}.',
  },
  { role: 'user' as const, content: `Solve this problem:\n\n${problem.problem}` },
];

let sim: Sim;
let openai: OpenAI;
before(async () => {
  sim = await startSim(['--problems', MATH500, '--seed', '3']);
  openai = client(sim.url);
});
after(() => sim.stop());

function lastBoxed(text: string): string | undefined {
  const m = [...text.matchAll(/\\boxed\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}/g)].pop();
  return m?.[1];
}

describe('models', () => {
  test('lists the simulated policy and verifier', async () => {
    const list = await openai.models.list();
    const ids = list.data.map((m) => m.id);
    assert.deepEqual(ids, ['ponder-sim-policy', 'ponder-sim-prm']);
    for (const m of list.data) assert.match(m.owned_by, /simulated/);
  });

  test('an unknown model is 404 and an omitted one is the policy', async () => {
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-9', messages }), (e: APIError) => e.status === 404);
    const r = await postJson(`${sim.url}/chat/completions`, { messages, seed: 1 });
    assert.equal(r.status, 200);
    assert.equal((r.json as { model: string }).model, 'ponder-sim-policy');
  });
});

describe('chat completions', () => {
  test('a solution is blank-line separated steps ending in \\boxed{}, with usage', async () => {
    const r = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 5 });
    const text = r.choices[0].message.content ?? '';
    assert.equal(r.choices[0].finish_reason, 'stop');
    const steps = text.split('\n\n');
    assert.ok(steps.length >= 3, text);
    assert.ok(lastBoxed(steps[steps.length - 1]), 'the last step has the boxed answer');
    assert.ok(
      steps.slice(0, -1).every((s) => !s.includes('\\boxed')),
      'only the last step is boxed',
    );
    assert.ok(r.usage && r.usage.prompt_tokens > 0 && r.usage.completion_tokens > 0);
    assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
  });

  test('n > 1 gives distinct samples and counts as n generations', async () => {
    const before = await sim.stats();
    const r = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, n: 6, seed: 9 });
    assert.equal(r.choices.length, 6);
    assert.deepEqual(
      r.choices.map((c) => c.index),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(new Set(r.choices.map((c) => c.message.content)).size, 6);
    const after = await sim.stats();
    assert.equal(after.generations - before.generations, 6);
  });

  test('the same seed gives the same reply; no seed gives different samples; temperature 0 ignores the seed', async () => {
    const ask = (extra: object) => openai.chat.completions.create({ model: 'ponder-sim-policy', messages, ...extra });
    const [a, b] = await Promise.all([ask({ seed: 42 }), ask({ seed: 42 })]);
    assert.equal(a.choices[0].message.content, b.choices[0].message.content);
    const unseeded = await Promise.all([ask({}), ask({}), ask({})]);
    assert.equal(new Set(unseeded.map((r) => r.choices[0].message.content)).size, 3);
    const greedy = await Promise.all([ask({ temperature: 0, seed: 1 }), ask({ temperature: 0, seed: 2 }), ask({ temperature: 0 })]);
    assert.equal(new Set(greedy.map((r) => r.choices[0].message.content)).size, 1);
  });

  test('stop at the blank line gives one step, with finish_reason stop and the stop string excluded', async () => {
    const r = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 11, stop: ['\n\n'] });
    const step = r.choices[0].message.content ?? '';
    assert.equal(r.choices[0].finish_reason, 'stop');
    assert.ok(!step.includes('\n\n'));
    const full = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 11 });
    assert.equal(full.choices[0].message.content?.split('\n\n')[0], step);
  });

  test('max_tokens N with finish_reason length is exactly N tokens', async () => {
    const r = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 11, max_tokens: 7, logprobs: true });
    assert.equal(r.choices[0].finish_reason, 'length');
    assert.equal(r.usage?.completion_tokens, 7);
    assert.equal(r.choices[0].logprobs?.content?.length, 7);
    assert.equal(r.choices[0].logprobs?.content?.map((t) => t.token).join(''), r.choices[0].message.content);
  });

  test('logprob tokens join back into the content and their count is completion_tokens', async () => {
    const r = await openai.chat.completions.create({
      model: 'ponder-sim-policy',
      messages,
      seed: 4,
      logprobs: true,
      top_logprobs: 3,
      n: 2,
    });
    let total = 0;
    for (const c of r.choices) {
      const lp = c.logprobs?.content ?? [];
      assert.equal(lp.map((t) => t.token).join(''), c.message.content);
      for (const t of lp) {
        assert.equal(t.top_logprobs.length, 3);
        assert.ok(t.logprob <= 0);
        assert.ok(t.top_logprobs.some((a) => a.token === t.token));
      }
      total += lp.length;
    }
    assert.equal(total, r.usage?.completion_tokens);
  });

  test('continue_final_message continues a partial answer step by step until the boxed answer', async () => {
    let partial = '';
    for (let round = 0; round < 40; round++) {
      const body = {
        model: 'ponder-sim-policy',
        messages: [...messages, { role: 'assistant' as const, content: partial }],
        continue_final_message: true,
        add_generation_prompt: false,
        stop: ['\n\n'],
        seed: 100 + round,
      };
      const r = await openai.chat.completions.create(body as ChatCompletionCreateParamsNonStreaming);
      const step = r.choices[0].message.content ?? '';
      assert.equal(r.choices[0].finish_reason, 'stop');
      assert.ok(step.length > 0 && !step.includes('\n\n'));
      assert.ok(step.startsWith(`Step ${round + 1}:`), `step ${round + 1} continues the numbering: ${step}`);
      // vLLM's stop_reason: the stop string for an intermediate step, null (end of sequence) for the last.
      const stopReason = (r.choices[0] as unknown as { stop_reason: unknown }).stop_reason;
      assert.equal(stopReason, lastBoxed(step) ? null : '\n\n');
      partial += (partial ? '\n\n' : '') + step;
      if (lastBoxed(step)) return;
    }
    assert.fail('the solution never finished');
  });

  test('continuing a finished answer returns nothing with finish_reason stop', async () => {
    const full = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 8 });
    const body = {
      model: 'ponder-sim-policy',
      messages: [...messages, { role: 'assistant', content: full.choices[0].message.content }],
      continue_final_message: true,
      add_generation_prompt: false,
    };
    const r = await openai.chat.completions.create(body as ChatCompletionCreateParamsNonStreaming);
    assert.equal(r.choices[0].message.content, '');
    assert.equal(r.choices[0].finish_reason, 'stop');
  });
});

describe('streaming', () => {
  test('the openai client reassembles the streamed content, with usage when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: 'ponder-sim-policy',
      messages,
      seed: 21,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        text += c.delta.content ?? '';
        finish = c.finish_reason ?? finish;
      }
    }
    const whole = await openai.chat.completions.create({ model: 'ponder-sim-policy', messages, seed: 21 });
    assert.equal(text, whole.choices[0].message.content);
    assert.equal(finish, 'stop');
    assert.deepEqual(usage, whole.usage);
    assert.ok(chunks > 10, 'streamed chunk by chunk');
  });

  test('raw SSE framing: role chunk, content chunks, finish chunk, [DONE]; no usage unless asked', async () => {
    const r = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ponder-sim-policy', messages, seed: 2, stream: true, stop: '\n\n' }),
    });
    assert.match(r.headers.get('content-type') ?? '', /text\/event-stream/);
    const body = await r.text();
    assert.ok(body.endsWith('data: [DONE]\n\n'));
    const data = sseData(body);
    assert.equal(data.pop(), '[DONE]');
    const chunks = data.map(
      (d) =>
        JSON.parse(d) as {
          object: string;
          usage?: unknown;
          choices: Array<{ delta: { role?: string; content?: string }; finish_reason: string | null }>;
        },
    );
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && !('usage' in c)));
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    assert.equal(chunks[chunks.length - 1].choices[0].finish_reason, 'stop');
    assert.equal((chunks[chunks.length - 1].choices[0] as { stop_reason?: unknown }).stop_reason, '\n\n');
    assert.ok(
      !chunks
        .map((c) => c.choices[0].delta.content ?? '')
        .join('')
        .includes('\n\n'),
    );
  });

  test('completions stream with n = 2 interleaves both choices by index', async () => {
    const r = await fetch(`${sim.url}/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'ponder-sim-policy',
        prompt: problem.problem + '\nSolution:\n',
        n: 2,
        seed: 3,
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    const data = sseData(await r.text());
    assert.equal(data.pop(), '[DONE]');
    const chunks = data.map(
      (d) =>
        JSON.parse(d) as {
          choices: Array<{ index: number; text: string; finish_reason: string | null }>;
          usage: { completion_tokens: number } | null;
        },
    );
    const texts = ['', ''];
    for (const c of chunks) for (const choice of c.choices) texts[choice.index] += choice.text;
    assert.ok(texts.every((t) => lastBoxed(t)));
    assert.notEqual(texts[0], texts[1]);
    const usage = chunks[chunks.length - 1].usage;
    assert.equal(chunks[chunks.length - 1].choices.length, 0);
    assert.ok(usage && usage.completion_tokens > 0);
  });
});

describe('completions', () => {
  const chatml = (partial: string) =>
    `<|im_start|>system\nPlease reason step by step.<|im_end|>\n<|im_start|>user\n${problem.problem}<|im_end|>\n<|im_start|>assistant\n${partial}`;
  const llama3 = (partial: string) =>
    `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${problem.problem}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n${partial}`;

  for (const [name, template] of [
    ['ChatML', chatml],
    ['Llama-3', llama3],
  ] as const) {
    test(`a raw ${name} prompt ending in a partial answer is continued with only the new text`, async () => {
      const first = await openai.completions.create({ model: 'ponder-sim-policy', prompt: template(''), seed: 5, stop: ['\n\n'] });
      const step1 = first.choices[0].text;
      assert.match(step1, /^Step 1:/);
      const next = await openai.completions.create({
        model: 'ponder-sim-policy',
        prompt: template(step1 + '\n\n'),
        seed: 6,
        stop: ['\n\n'],
      });
      assert.match(next.choices[0].text, /^Step 2:/);
      const rest = await openai.completions.create({ model: 'ponder-sim-policy', prompt: template(step1 + '\n\n'), seed: 6 });
      assert.ok(lastBoxed(rest.choices[0].text));
      assert.ok(!rest.choices[0].text.includes('Step 1:'));
    });
  }

  test('logprobs: tokens join into the text, one entry per completion token, top-k alternatives', async () => {
    const r = await openai.completions.create({ model: 'ponder-sim-policy', prompt: chatml(''), seed: 5, logprobs: 2, max_tokens: 12 });
    const lp = r.choices[0].logprobs;
    assert.equal(lp?.tokens?.join(''), r.choices[0].text);
    assert.equal(lp?.tokens?.length, r.usage?.completion_tokens);
    assert.equal(r.choices[0].finish_reason, 'length');
    assert.equal(r.usage?.completion_tokens, 12);
    assert.ok(lp?.top_logprobs?.every((t) => Object.keys(t).length === 2));
    assert.equal(lp?.text_offset?.[0], 0);
  });
});
