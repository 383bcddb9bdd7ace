// `ponder sim --thinking MODE`: the simulated policy thinks before it answers and returns the thinking
// the way real servers do (src/sim/thinking.ts), counting it in usage; with --emulate openai it is an
// OpenAI reasoning model that refuses max_tokens and temperature with OpenAI's own error bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MATH500 } from '../helpers/sim';
import { withSim, type Json } from '../sim/emulate-helpers';
import { MATH_ROWS, postJson, sseData } from '../sim/fixtures';
import { THINKING_DECOY_ANSWER } from '../../src/sim/thinking';
import { parseSimOptions, SimOptionError } from '../../src/sim/options';

const MODEL = 'ponder-sim-policy';
const problemAt = (level: number, skip = 0) => MATH_ROWS.filter((r) => r.level === level)[skip].problem;
const ask = (problem: string) => [{ role: 'user', content: `Problem: ${problem}` }];

function message(json: unknown): Json {
  return ((json as { choices: Array<{ message: Json }> }).choices[0] ?? assert.fail(`no choice in ${JSON.stringify(json)}`)).message;
}

function usage(json: unknown): { completion_tokens: number; completion_tokens_details?: { reasoning_tokens: number } } {
  return (json as { usage: { completion_tokens: number } }).usage;
}

for (const field of ['reasoning_content', 'reasoning'] as const) {
  test(`--thinking ${field}: the thinking comes in message.${field} and in stream deltas of that name, apart from content`, () =>
    withSim(['--thinking', field, '--problems', MATH500], async (sim) => {
      const body = { model: MODEL, messages: ask(problemAt(3)), max_tokens: 4000, seed: 7 };
      const whole = await postJson(`${sim.url}/chat/completions`, body);
      assert.equal(whole.status, 200, JSON.stringify(whole.json));
      const m = message(whole.json);
      assert.equal(typeof m[field], 'string', `a ${field} field: ${JSON.stringify(m)}`);
      assert.ok((m[field] as string).includes(THINKING_DECOY_ANSWER), 'the thinking entertains the decoy answer');
      assert.ok(
        !(m.content as string).includes('<think>') && !(m.content as string).includes(THINKING_DECOY_ANSWER),
        'content is the answer only',
      );
      assert.match(m.content as string, /\\boxed\{/);

      const streamed = await fetch(`${sim.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
      });
      const chunks = sseData(await streamed.text())
        .filter((d) => d !== '[DONE]')
        .map((d) => JSON.parse(d) as { choices: Array<{ delta: Json }>; usage?: { completion_tokens: number } | null });
      const deltas = chunks.flatMap((c) => c.choices.map((ch) => ch.delta));
      const thinking = deltas.map((d) => (d[field] as string | undefined) ?? '').join('');
      const content = deltas.map((d) => (d.content as string | undefined) ?? '').join('');
      assert.equal(thinking, m[field], 'the streamed thinking is the same as the whole one');
      assert.equal(content, m.content, 'the streamed answer is the same as the whole one');
      const streamedUsage = chunks.find((c) => c.usage)?.usage;
      assert.equal(streamedUsage?.completion_tokens, usage(whole.json).completion_tokens);
      const stats = await sim.stats();
      assert.equal(stats.completionTokens, 2 * usage(whole.json).completion_tokens, 'the sim counted what usage reported, twice');
    }));
}

test('--thinking tags: the thinking stays inline in content; max_tokens counts it and can cut it', () =>
  withSim(['--thinking', 'tags', '--problems', MATH500], async (sim) => {
    const whole = await postJson(`${sim.url}/chat/completions`, { model: MODEL, messages: ask(problemAt(2)), max_tokens: 4000 });
    const content = message(whole.json).content as string;
    assert.match(content, /^<think>\n[\s\S]+\n<\/think>\n\n[\s\S]*\\boxed\{/);
    const cut = await postJson(`${sim.url}/chat/completions`, { model: MODEL, messages: ask(problemAt(2)), max_tokens: 20 });
    const choice = (cut.json as { choices: Array<{ finish_reason: string; message: Json }> }).choices[0];
    assert.equal(choice.finish_reason, 'length');
    assert.equal(usage(cut.json).completion_tokens, 20);
    assert.ok(!(choice.message.content as string).includes('</think>'), 'cut inside the thinking');
  }));

test('--thinking reasoning_content: cut inside the thinking, content is null as vLLM returns it', () =>
  withSim(['--thinking', 'reasoning_content', '--problems', MATH500], async (sim) => {
    const cut = await postJson(`${sim.url}/chat/completions`, { model: MODEL, messages: ask(problemAt(4)), max_tokens: 25 });
    const m = message(cut.json);
    assert.equal(m.content, null);
    assert.ok(typeof m.reasoning_content === 'string' && m.reasoning_content.length > 0);
  }));

test('a continued partial answer is past the thinking: no thinking is written', () =>
  withSim(['--thinking', 'reasoning_content', '--problems', MATH500], async (sim) => {
    const messages = [...ask(problemAt(3)), { role: 'assistant', content: 'Step 1: We first write down what is given.\n\n' }];
    const reply = await postJson(`${sim.url}/chat/completions`, {
      model: MODEL,
      messages,
      continue_final_message: true,
      add_generation_prompt: false,
      max_tokens: 4000,
    });
    const m = message(reply.json);
    assert.equal(m.reasoning_content, undefined, JSON.stringify(m));
  }));

test('thinking grows with difficulty: level 5 problems think longer than level 1 problems', () =>
  withSim(['--thinking', 'reasoning', '--problems', MATH500], async (sim) => {
    const mean = async (level: number) => {
      let total = 0;
      for (let i = 0; i < 5; i++) {
        const reply = await postJson(`${sim.url}/chat/completions`, { model: MODEL, messages: ask(problemAt(level, i)), max_tokens: 8000 });
        total += (message(reply.json).reasoning as string).length;
      }
      return total / 5;
    };
    const easy = await mean(1);
    const hard = await mean(5);
    assert.ok(hard > 1.5 * easy, `level 5 thinks longer: ${hard} characters on average against ${easy} at level 1`);
  }));

test('--emulate openai --thinking hidden: refuses max_tokens and temperature with OpenAI bodies, takes max_completion_tokens and reasoning_effort', () =>
  withSim(['--emulate', 'openai', '--thinking', 'hidden', '--problems', MATH500], async (sim) => {
    const messages = ask(problemAt(3));
    const tokens = await postJson(`${sim.url}/chat/completions`, { model: MODEL, messages, max_tokens: 100 });
    assert.equal(tokens.status, 400);
    assert.deepEqual(tokens.json, {
      error: {
        message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        type: 'invalid_request_error',
        param: 'max_tokens',
        code: 'unsupported_parameter',
      },
    });
    const temperature = await postJson(`${sim.url}/chat/completions`, { model: MODEL, messages, temperature: 0.7 });
    assert.equal(temperature.status, 400);
    assert.deepEqual(temperature.json, {
      error: {
        message: "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported.",
        type: 'invalid_request_error',
        param: 'temperature',
        code: 'unsupported_value',
      },
    });
    const lengths: number[] = [];
    for (const effort of ['low', 'high']) {
      const ok = await postJson(`${sim.url}/chat/completions`, {
        model: MODEL,
        messages,
        max_completion_tokens: 8000,
        temperature: 1,
        reasoning_effort: effort,
        seed: 3,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      const m = message(ok.json);
      assert.equal(m.reasoning, undefined, 'OpenAI returns no thinking');
      assert.equal(m.reasoning_content, undefined, 'OpenAI returns no thinking');
      assert.ok(!(m.content as string).includes(THINKING_DECOY_ANSWER));
      const u = usage(ok.json);
      const reasoningTokens = u.completion_tokens_details?.reasoning_tokens ?? 0;
      assert.ok(
        reasoningTokens > 0 && reasoningTokens < u.completion_tokens,
        `reasoning tokens counted within completion tokens: ${JSON.stringify(u)}`,
      );
      lengths.push(reasoningTokens);
    }
    assert.ok(lengths[1] > lengths[0], `high effort thinks longer than low: ${lengths.join(' vs ')}`);
  }));

test('raw /v1/completions of a reasoning model carry the thinking inline in <think> tags', () =>
  withSim(['--thinking', 'reasoning_content', '--problems', MATH500], async (sim) => {
    const prompt = `<|im_start|>user\nProblem: ${problemAt(2)}<|im_end|>\n<|im_start|>assistant\n`;
    const reply = await postJson(`${sim.url}/completions`, { model: MODEL, prompt, max_tokens: 4000 });
    const text = (reply.json as { choices: Array<{ text: string }> }).choices[0].text;
    assert.match(text, /^<think>\n[\s\S]+<\/think>/);
  }));

test('--thinking names its shapes when given another', () => {
  assert.throws(
    () => parseSimOptions(['--thinking', 'think']),
    (err: unknown) => {
      assert.ok(err instanceof SimOptionError);
      assert.match(err.message, /reasoning_content, reasoning, tags, hidden/);
      return true;
    },
  );
});
