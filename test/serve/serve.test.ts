// `ponder serve` in front of `ponder sim`, through real HTTP with the official `openai` client: answers
// streamed and not, usage that matches what the simulator served, the budget as a hard limit, a
// disconnect that cancels the run's upstream requests, OpenAI-shaped 4xx errors and the 429 beyond the
// concurrency limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { PonderSummary } from '../../src/serve/response';
import { STEP_STRATEGIES, STRATEGY_NAMES } from '../../src/shared/strategies';
import { PROBLEMS } from '../engine/engineHarness';
import { inFlightSettles, MATH500, startSim, type Sim } from '../helpers/sim';
import { serveInFront, type Served } from './harness';

type Body = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming & { ponder?: { budget?: number; strategy?: string } };
type StreamBody = OpenAI.Chat.ChatCompletionCreateParamsStreaming & { ponder?: { budget?: number; strategy?: string } };
/** The fields `ponder serve` adds to OpenAI's shapes. */
type WithPonder = { ponder?: PonderSummary };
type ReasoningDelta = { reasoning_content?: string };

const ask = (index: number) => [{ role: 'user' as const, content: PROBLEMS[index].problem }];

/** The APIError the call rejects with (the test fails if it resolves). */
async function apiError(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof OpenAI.APIError, `expected an OpenAI APIError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail with an OpenAI-shaped error, but it succeeded');
}

describe('ponder serve with the openai client (fast simulator)', () => {
  let sim: Sim;
  let served: Served;
  before(async () => {
    sim = await startSim(['--problems', MATH500]);
    served = await serveInFront(sim);
  });
  after(async () => {
    await served?.close();
    await sim?.stop();
  });

  test('GET /v1/models lists ponder and ponder-<strategy> for each strategy', async () => {
    const ids = [];
    for await (const model of served.client().models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['ponder', ...STRATEGY_NAMES.map((s) => `ponder-${s}`)]);
    assert.equal((await served.client().models.retrieve('ponder-beam')).id, 'ponder-beam');
  });

  test('non-streamed: the chosen solution, usage equal to what the simulator served, the ponder object', async () => {
    const before = await sim.stats();
    const body: Body = { model: 'ponder', messages: ask(3), ponder: { budget: 6 } };
    const completion = await served.client().chat.completions.create(body);
    const after = await sim.stats();
    const ponder = (completion as WithPonder).ponder!;
    const content = completion.choices[0].message.content ?? '';
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0].finish_reason, 'stop');
    assert.match(content, /\\boxed\{/, `the solution ends with a boxed answer: ${content.slice(-200)}`);
    assert.ok(ponder.answer && content.includes(`\\boxed{${ponder.answer}}`), `the content's answer is ponder.answer (${ponder.answer})`);
    assert.ok(ponder.votes.length > 0 && ponder.route && ponder.difficulty, `votes, route and difficulty: ${JSON.stringify(ponder)}`);
    assert.ok(STRATEGY_NAMES.includes(ponder.strategy as (typeof STRATEGY_NAMES)[number]), `the router's pick: ${ponder.strategy}`);
    assert.equal(ponder.budget.generations, 6);
    assert.ok(ponder.budget.used <= 6, `used ${ponder.budget.used} generations of a budget of 6`);
    // The simulator's prompt tokens also count the verifier's inputs (/pooling); completions are the policy's alone.
    const usage = completion.usage!;
    assert.equal(usage.completion_tokens, after.completionTokens - before.completionTokens, 'completion tokens of every generation served');
    assert.ok(
      usage.prompt_tokens > 0 && usage.prompt_tokens <= after.promptTokens - before.promptTokens,
      `prompt tokens ${usage.prompt_tokens}`,
    );
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  test('the server default budget applies without ponder.budget, and stays a hard limit at the simulator for every strategy', async () => {
    for (const strategy of STRATEGY_NAMES) {
      const before = await sim.stats();
      const completion = await served.client().chat.completions.create({ model: `ponder-${strategy}`, messages: ask(20) });
      const spent = (await sim.stats()).generations - before.generations;
      const ponder = (completion as WithPonder).ponder!;
      assert.equal(ponder.budget.generations, 8, 'the server default (budget.generations 8)');
      assert.equal(ponder.strategy, strategy);
      assert.ok(ponder.budget.used <= 8, `${strategy}: used ${ponder.budget.used} generations of a budget of 8`);
      // Beam and lookahead send each search step as its own request; the other strategies one request per generation.
      if (!STEP_STRATEGIES.includes(strategy))
        assert.equal(
          spent,
          ponder.budget.used,
          `${strategy}: the simulator served ${spent} generations, the run counted ${ponder.budget.used}`,
        );
    }
  });

  test('max_completion_tokens caps the tokens: a sequential run stops early', async () => {
    const body: Body = { model: 'ponder-revisions', messages: ask(5), max_completion_tokens: 200, ponder: { budget: 8 } };
    const completion = await served.client().chat.completions.create(body);
    const ponder = (completion as WithPonder).ponder!;
    assert.equal(ponder.budget.token_cap, 200);
    assert.ok(ponder.budget.used < 8, `revisions at a token cap of 200 spent ${ponder.budget.used} of 8 generations`);
  });

  test('bad bodies are 400s in OpenAI error shape, naming the field', async () => {
    const client = served.client();
    const cases: Array<{ body: Record<string, unknown>; param: string }> = [
      { body: { model: 'ponder' }, param: 'messages' },
      { body: { model: 'ponder', messages: [] }, param: 'messages' },
      { body: { model: 'ponder', messages: [{ role: 'system', content: 'be brief' }] }, param: 'messages' },
      { body: { model: 'ponder', messages: [{ role: 'user', content: '   ' }] }, param: 'messages.0.content' },
      { body: { model: 'ponder', messages: ask(1), n: 3 }, param: 'n' },
      { body: { model: 'ponder', messages: ask(1), max_completion_tokens: -5 }, param: 'max_completion_tokens' },
      { body: { model: 'ponder', messages: ask(1), ponder: { budget: 0 } }, param: 'ponder.budget' },
      { body: { model: 'ponder', messages: ask(1), ponder: { strategy: 'magic' } }, param: 'ponder.strategy' },
      { body: { model: 'ponder-beam', messages: ask(1), ponder: { strategy: 'majority' } }, param: 'ponder.strategy' },
    ];
    for (const { body, param } of cases) {
      const err = await apiError(client.chat.completions.create(body as unknown as Body));
      assert.equal(err.status, 400, `${JSON.stringify(body)}: status`);
      assert.ok(err instanceof OpenAI.BadRequestError);
      assert.equal(err.type, 'invalid_request_error');
      assert.equal(err.param, param, `${JSON.stringify(body)}: param (message: ${err.message})`);
    }
    const raw = await fetch(`${served.url}/chat/completions`, {
      method: 'POST',
      body: '{"model": "ponder",',
      headers: { 'content-type': 'application/json' },
    });
    const shape = (await raw.json()) as { error: { message: string; type: string; param: unknown; code: unknown } };
    assert.equal(raw.status, 400);
    assert.deepEqual(Object.keys(shape.error).sort(), ['code', 'message', 'param', 'type']);
    assert.match(shape.error.message, /not valid JSON/);
  });

  test('an unknown model is a 404 model_not_found; an unknown route a 404 too', async () => {
    const err = await apiError(served.client().chat.completions.create({ model: 'gpt-4o', messages: ask(1) }));
    assert.ok(err instanceof OpenAI.NotFoundError, `got ${err.constructor.name}`);
    assert.equal(err.code, 'model_not_found');
    assert.match(err.message, /ponder-beam/, 'the message lists the models to use');
    const retrieve = await apiError(served.client().models.retrieve('gpt-4o'));
    assert.equal(retrieve.status, 404);
    const embeddings = await apiError(served.client().embeddings.create({ model: 'ponder', input: 'x' }));
    assert.equal(embeddings.status, 404);
    assert.equal(embeddings.code, 'unknown_url');
  });
});

describe('ponder serve while runs are in progress (slow simulator)', () => {
  let sim: Sim;
  let served: Served;
  before(async () => {
    // Slow enough that a run of a few generations takes seconds, so it is surely still running when a test acts.
    sim = await startSim(['--problems', MATH500, '--ttft-ms', '30', '--tokens-per-second', '150']);
    served = await serveInFront(sim, { maxConcurrentRuns: 1 });
  });
  after(async () => {
    await served?.close();
    await sim?.stop();
  });

  test('streamed: reasoning deltas while the search runs, then the content, then usage', async () => {
    const body: StreamBody = {
      model: 'ponder',
      messages: ask(7),
      stream: true,
      stream_options: { include_usage: true },
      ponder: { budget: 4 },
    };
    const stream = await served.client().chat.completions.create(body);
    const order: string[] = [];
    let reasoning = '';
    let content = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let ponder: PonderSummary | undefined;
    let tokensAtFirstReasoning: number | null = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (ReasoningDelta & { content?: string | null }) | undefined;
      if (delta?.reasoning_content) {
        if (tokensAtFirstReasoning === null) tokensAtFirstReasoning = (await sim.stats()).completionTokens;
        reasoning += delta.reasoning_content;
        order.push('reasoning');
      }
      if (delta?.content) {
        content += delta.content;
        order.push('content');
      }
      ponder ??= (chunk as WithPonder).ponder;
      if (chunk.usage) {
        usage = chunk.usage;
        order.push('usage');
      }
    }
    const end = await sim.stats();
    assert.ok(
      tokensAtFirstReasoning !== null && tokensAtFirstReasoning < end.completionTokens,
      `reasoning streams while the run generates (simulator tokens at the first reasoning delta ${tokensAtFirstReasoning}, at the end ${end.completionTokens})`,
    );
    for (const part of ['Solving with the router', 'Difficulty: bin', 'Route:', 'finished:', 'Votes:'])
      assert.ok(reasoning.includes(part), `reasoning has "${part}":\n${reasoning}`);
    const firstContent = order.indexOf('content');
    assert.ok(firstContent > 0 && order.lastIndexOf('reasoning') < firstContent, `reasoning, then content: ${order.join(',')}`);
    assert.equal(order[order.length - 1], 'usage', 'usage comes last');
    assert.match(content, /\\boxed\{/);
    assert.ok(usage && usage.total_tokens === usage.prompt_tokens + usage.completion_tokens && usage.completion_tokens > 0);
    assert.ok(ponder && ponder.budget.used <= 4, `the ponder object on the last choice chunk: ${JSON.stringify(ponder)}`);
  });

  test('a client that disconnects mid-stream leaves nothing in flight at the simulator within 1 s', async () => {
    const body: StreamBody = { model: 'ponder-majority', messages: ask(40), stream: true, ponder: { budget: 8 } };
    const stream = await served.client().chat.completions.create(body);
    let inFlight = 0;
    for await (const chunk of stream) {
      if (!(chunk.choices[0]?.delta as ReasoningDelta | undefined)?.reasoning_content) continue;
      // The run has started: wait (bounded) until its generations are at the simulator, then hang up.
      for (let i = 0; i < 200 && inFlight === 0; i++) {
        inFlight = (await sim.stats()).inFlight;
        if (inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      break; // the client closes the stream, as a user pressing Stop does
    }
    assert.ok(inFlight > 0, 'the run had requests in flight at the simulator before the disconnect');
    assert.equal(await inFlightSettles(sim), 0, 'the simulator still serves requests of a disconnected client');
    const next = await served
      .client()
      .chat.completions.create({ model: 'ponder-majority', messages: ask(41), ponder: { budget: 1 } } as Body);
    assert.ok(next.choices[0].message.content, 'the cancelled run left the concurrency slot free');
    assert.ok(
      served.logs.some((l) => /client left/.test(l)),
      `the log records the disconnect:\n${served.logs.join('\n')}`,
    );
  });

  test('beyond --max-concurrent-runs: 429 with Retry-After, in OpenAI error shape', async () => {
    const body: StreamBody = { model: 'ponder-majority', messages: ask(42), stream: true, ponder: { budget: 4 } };
    const first = await served.client().chat.completions.create(body);
    const iterator = first[Symbol.asyncIterator]();
    await iterator.next(); // the first chunk: the run holds the only slot
    const err = await apiError(served.client().chat.completions.create({ model: 'ponder', messages: ask(43) }));
    assert.ok(err instanceof OpenAI.RateLimitError, `got ${err.constructor.name} ${err.status}`);
    assert.equal(err.type, 'rate_limit_exceeded');
    const retryAfter = err.headers?.get('retry-after');
    assert.ok(retryAfter && /^\d+$/.test(retryAfter) && Number(retryAfter) >= 1, `Retry-After in whole seconds, got ${retryAfter}`);
    assert.match(err.message, /--max-concurrent-runs/);
    first.controller.abort();
    assert.equal(await inFlightSettles(sim), 0);
  });
});

describe('ponder serve with PONDER_SERVE_TOKEN', () => {
  let sim: Sim;
  let served: Served;
  before(async () => {
    sim = await startSim(['--problems', MATH500]);
    served = await serveInFront(sim, { token: 'serve-token-5b1e' });
  });
  after(async () => {
    await served?.close();
    await sim?.stop();
  });

  test('a missing or wrong bearer token is a 401 in OpenAI error shape; the right one is served', async () => {
    const wrong = await apiError(served.client({ apiKey: 'sk-not-the-token' }).models.list());
    assert.ok(wrong instanceof OpenAI.AuthenticationError, `got ${wrong.constructor.name}`);
    assert.equal(wrong.code, 'invalid_api_key');
    const missing = await fetch(`${served.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'ponder', messages: ask(2) }),
    });
    const shape = (await missing.json()) as { error: { message: string; type: string; code: string } };
    assert.equal(missing.status, 401);
    assert.equal(shape.error.type, 'invalid_request_error');
    assert.match(shape.error.message, /PONDER_SERVE_TOKEN/, 'the message says which token to send');
    const before = await sim.stats();
    assert.equal(before.requests, 0, 'nothing reached the simulator without the token');
    const completion = await served
      .client()
      .chat.completions.create({ model: 'ponder-majority', messages: ask(2), ponder: { budget: 2 } } as Body);
    assert.match(completion.choices[0].message.content ?? '', /\\boxed\{/);
  });
});

describe('ponder serve when the policy endpoint is down', () => {
  let served: Served;
  before(async () => {
    // Port 9 (discard) has no listener here: every request fails with a connection error.
    served = await serveInFront({ url: 'http://127.0.0.1:9/v1' }, { settings: { verifier: { kind: 'none' } } });
  });
  after(() => served?.close());

  test('the failed run is a 502 naming the endpoint, and in a stream an error frame the client raises', async () => {
    const plain = await apiError(
      served.client().chat.completions.create({ model: 'ponder-majority', messages: ask(1), ponder: { budget: 2 } } as Body),
    );
    assert.equal(plain.status, 502);
    assert.equal(plain.code, 'upstream_error');
    assert.match(plain.message, /127\.0\.0\.1:9/, 'the message names the endpoint that failed');
    const body: StreamBody = { model: 'ponder-majority', messages: ask(1), stream: true, ponder: { budget: 2 } };
    const stream = await served.client().chat.completions.create(body);
    const streamed = await apiError(
      (async () => {
        for await (const _chunk of stream);
      })(),
    );
    assert.match(streamed.message, /the run failed: the policy endpoint at http:\/\/127\.0\.0\.1:9\/v1/);
  });
});
