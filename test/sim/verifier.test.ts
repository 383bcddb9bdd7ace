// /pooling in the Qwen2.5-Math-PRM and Math-Shepherd formats, batches, and judge mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import type { APIError } from 'openai';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { client, judgeQuestion, MATH_ROWS, postJson, qwenPrmInput } from './fixtures';

interface PoolingReply {
  object: string;
  model: string;
  data: Array<{ index: number; object: string; data: number[][] }>;
  usage: { prompt_tokens: number };
}

const problem = MATH_ROWS[3];
let sim: Sim;
let openai: OpenAI;
let steps: string[];

before(async () => {
  sim = await startSim(['--problems', MATH500, '--seed', '5']);
  openai = client(sim.url);
  const r = await openai.chat.completions.create({
    model: 'ponder-sim-policy',
    messages: [{ role: 'user', content: problem.problem }],
    seed: 1,
  });
  steps = (r.choices[0].message.content ?? '').split('\n\n');
});
after(() => sim.stop());

async function pool(input: string | string[], path = '/pooling'): Promise<PoolingReply> {
  const r = await postJson(`${sim.origin}${path}`, { model: 'ponder-sim-prm', input });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json as PoolingReply;
}

describe('/pooling', () => {
  test('Qwen PRM input: one [p_neg, p_pos] pair per <extra_0>, in vLLM shape', async () => {
    const reply = await pool(qwenPrmInput(problem.problem, steps));
    assert.equal(reply.object, 'list');
    assert.equal(reply.model, 'ponder-sim-prm');
    assert.equal(reply.data.length, 1);
    assert.equal(reply.data[0].object, 'pooling');
    const pairs = reply.data[0].data;
    assert.equal(pairs.length, steps.length);
    for (const [neg, pos] of pairs) {
      assert.ok(pos > 0 && pos < 1);
      assert.ok(Math.abs(neg + pos - 1) < 1e-9);
    }
    assert.ok(reply.usage.prompt_tokens > 0);
  });

  test('/v1/pooling is the same endpoint, and a step prefix scores like the full solution', async () => {
    const full = await pool(qwenPrmInput(problem.problem, steps));
    const prefix = await pool(qwenPrmInput(problem.problem, steps.slice(0, 2)), '/v1/pooling');
    assert.deepEqual(prefix.data[0].data, full.data[0].data.slice(0, 2));
  });

  test('a batch of inputs gets one data item per input, in order', async () => {
    const inputs = [
      qwenPrmInput(problem.problem, steps),
      qwenPrmInput(problem.problem, steps.slice(0, 1)),
      qwenPrmInput(MATH_ROWS[7].problem, ['Step 1: guess.']),
    ];
    const reply = await pool(inputs);
    assert.deepEqual(
      reply.data.map((d) => d.index),
      [0, 1, 2],
    );
    assert.deepEqual(
      reply.data.map((d) => d.data.length),
      [steps.length, 1, 1],
    );
  });

  test('Math-Shepherd input with the ки tag gets [p(+), p(-)] per tag', async () => {
    const input = `${problem.problem} ${steps.map((s, i) => `Step ${i + 1}: ${s} ки`).join('\n')}`;
    const reply = await pool(input);
    const pairs = reply.data[0].data;
    assert.equal(pairs.length, steps.length);
    const qwen = (await pool(qwenPrmInput(problem.problem, steps))).data[0].data;
    assert.deepEqual(
      pairs.map(([plus]) => plus),
      qwen.map(([, pos]) => pos),
    );
  });

  test('text the sim did not write still gets a deterministic score, lower when the final answer is wrong', async () => {
    const right = ['We compute carefully.', `So the answer is $\\boxed{${problem.answer}}$.`];
    const wrong = ['We compute carefully.', 'So the answer is $\\boxed{123456}$.'];
    const a = await pool([
      qwenPrmInput(problem.problem, right),
      qwenPrmInput(problem.problem, right),
      qwenPrmInput(problem.problem, wrong),
    ]);
    assert.deepEqual(a.data[0].data, a.data[1].data);
    assert.ok(a.data[2].data[1][1] < a.data[0].data[1][1]);
  });

  test('the policy model and unknown models are refused', async () => {
    const policy = await postJson(`${sim.origin}/pooling`, { model: 'ponder-sim-policy', input: 'x<extra_0>' });
    assert.equal(policy.status, 400);
    const unknown = await postJson(`${sim.origin}/pooling`, { model: 'nope', input: 'x<extra_0>' });
    assert.equal(unknown.status, 404);
    assert.match(JSON.stringify(unknown.json), /does not exist/);
  });
});

describe('judge mode', () => {
  test('Yes/No with top logprobs whose softmax over Yes and No equals the /pooling step score', async () => {
    const scores = (await pool(qwenPrmInput(problem.problem, steps))).data[0].data.map(([, pos]) => pos);
    for (let k = 1; k <= steps.length; k++) {
      const r = await openai.chat.completions.create({
        model: 'ponder-sim-prm',
        messages: [{ role: 'user', content: judgeQuestion(problem.problem, steps.slice(0, k)) }],
        logprobs: true,
        top_logprobs: 5,
        max_tokens: 1,
      });
      const choice = r.choices[0];
      const top = choice.logprobs?.content?.[0].top_logprobs ?? [];
      assert.equal(top.length, 5);
      const yes = top.find((t) => t.token === 'Yes')?.logprob;
      const no = top.find((t) => t.token === 'No')?.logprob;
      assert.ok(yes !== undefined && no !== undefined);
      const score = Math.exp(yes) / (Math.exp(yes) + Math.exp(no));
      assert.ok(Math.abs(score - scores[k - 1]) < 1e-9, `step ${k}: judge ${score} vs pooling ${scores[k - 1]}`);
      assert.equal(choice.message.content, scores[k - 1] >= 0.5 ? 'Yes' : 'No');
      assert.equal(r.usage?.completion_tokens, 1);
    }
  });

  test('a chat to the verifier that is not a judge question gets an actionable 400', async () => {
    await assert.rejects(
      openai.chat.completions.create({ model: 'ponder-sim-prm', messages: [{ role: 'user', content: 'hello' }] }),
      (e: APIError) => e.status === 400 && /judge questions/.test(e.message),
    );
  });
});
