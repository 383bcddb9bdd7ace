// One test per finding of the "real servers" issue, each against the emulation of the server that
// showed it (ponder sim --emulate, docs/servers.md) or a scripted endpoint; each failed before its fix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSim, MATH500, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess, fetchCalls } from '../engine/engineHarness';
import { createEngine } from '../../src/core/index';
import { stopKind } from '../../src/core/endpoints/stops';
import { PoolingVerifier } from '../../src/core/verifiers/vllm-pooling';
import type { SolveEvent } from '../../src/shared/events';

const problem = PROBLEMS.find((p) => p.level === 3)!.problem;
type Route = Extract<SolveEvent, { type: 'route' }>;
const routeOf = (events: SolveEvent[]) => events.find((e): e is Route => e.type === 'route')!;
const bodiesTo = (url: string) =>
  fetchCalls.filter((c) => c.url.startsWith(url) && /completions$/.test(c.url)).map((c) => JSON.parse(c.body) as Record<string, unknown>);

describe('server findings', { timeout: 600_000 }, () => {
  const sims: Sim[] = [];
  let prm: Sim;
  const emulate = async (...args: string[]) => {
    const sim = await startSim(['--problems', MATH500, ...args]);
    sims.push(sim);
    return sim;
  };
  const settingsFor = (sim: Sim, overrides: Record<string, unknown> = {}) =>
    engineSettings(sim.url, {
      policy: { model: '', continuation: 'auto' },
      verifier: { url: prm.url, model: 'ponder-sim-prm' },
      ...overrides,
    });
  before(async () => {
    prm = await startSim(['--problems', MATH500]);
  });
  after(async () => {
    for (const sim of [...sims, prm]) await sim?.stop();
  });

  test('1. OpenAI rejects continue_final_message and chat models on /v1/completions: beam falls back instead of dying', async () => {
    const sim = await emulate('--emulate', 'openai');
    const { events, result } = await solveInProcess(settingsFor(sim), { problem, budget: 8, strategy: 'beam' });
    checkEventContract(events);
    assert.equal(result.error, undefined);
    const route = routeOf(events);
    assert.equal(route.strategy, 'weighted-best-of-n');
    assert.match(route.reason, /OpenAI's API rejects continue_final_message/);
    assert.ok(route.workarounds?.length, 'the work-around is listed');
  });

  test('1. a transient fault during the capability probes never ends the run', async () => {
    // Malformed JSON is the fault a probe used to turn fatal (it has no HTTP status to say "unsupported").
    const sim = await emulate('--seed', '11', '--malformed-rate', '0.5');
    // Each run is a fresh engine, so each probes again; 12 probes under 50% faults met a persistent one before the fix.
    for (let i = 0; i < 12; i++) {
      const { events, result } = await solveInProcess(settingsFor(sim, { request: { timeoutMs: 3000 } }), {
        problem: PROBLEMS[i].problem,
        budget: 16,
        strategy: 'beam',
      });
      checkEventContract(events);
      assert.equal(result.error, undefined, `run ${i}: ${result.error}`);
      assert.ok(result.usage.generations <= 16);
    }
  });

  test("2. llama.cpp before late 2025: HTTP 500 'Only one completion choice is allowed' is recognised as an n refusal", async () => {
    const sim = await emulate('--emulate', 'llamacpp', '--llamacpp-legacy-n', 'true');
    const { events, result } = await solveInProcess(settingsFor(sim), { problem, budget: 8, strategy: 'weighted-best-of-n' });
    checkEventContract(events);
    assert.equal(result.usage.failedGenerations, 0, 'every generation completed');
    assert.equal(events.filter((e) => e.type === 'final' && e.answer !== null).length >= 6, true, 'the samples finished with answers');
    const later = bodiesTo(sim.url).slice(-6);
    assert.ok(
      later.every((b) => (b.n ?? 1) === 1),
      'after the refusal, one choice per request',
    );
  });

  test('2. llama.cpp with 2 slots: n is capped at the stated limit, not turned off', async () => {
    const sim = await emulate('--emulate', 'llamacpp', '--parallel', '2');
    const { result } = await solveInProcess(settingsFor(sim), { problem, budget: 8, strategy: 'majority' });
    assert.equal(result.usage.failedGenerations, 0);
    const ns = bodiesTo(sim.url).map((b) => (b.n as number | undefined) ?? 1);
    assert.ok(ns.every((n) => n <= 2) && ns.some((n) => n === 2), `n per request: ${ns.join(',')}`);
  });

  test("3. vLLM with Llama 3.1's trimming template: continued steps are not empty", async () => {
    const sim = await emulate('--emulate', 'vllm', '--chat-template', 'meta-llama-Llama-3.1-8B-Instruct');
    const { events } = await solveInProcess(settingsFor(sim), { problem, budget: 8, strategy: 'beam' });
    const route = routeOf(events);
    assert.equal(route.strategy, 'beam');
    assert.match(route.reason, /trims/);
    const later = events.filter((e): e is Extract<SolveEvent, { type: 'step' }> => e.type === 'step' && e.index > 0);
    assert.ok(later.length > 0 && later.every((s) => s.text.trim() !== '' && !s.text.startsWith('\n')));
    assert.ok(
      bodiesTo(sim.url).some((b) => b.min_tokens === 1),
      'continuations ask for min_tokens: 1',
    );
  });

  test('4. the end of a solution is read from SGLang matched_stop and from finish_reason alone', () => {
    assert.equal(stopKind({ finish_reason: 'stop', matched_stop: 151645 }, ['\n\n']), 'eos');
    assert.equal(stopKind({ finish_reason: 'stop', matched_stop: '\n\n' }, ['\n\n']), 'stop-string');
    assert.equal(stopKind({ finish_reason: 'stop', stop_reason: null }, ['\n\n']), 'eos');
    assert.equal(stopKind({ finish_reason: 'stop' }, ['\n\n']), 'unknown');
    assert.equal(stopKind({ finish_reason: 'length' }, ['\n\n']), 'length');
  });

  test('5. Ollama ignores continue_final_message: step-level search is not attempted, and the reason says so', async () => {
    const sim = await emulate('--emulate', 'ollama');
    const caps = await createEngine(settingsFor(sim), {}).capabilities();
    assert.equal(caps.policy.server, 'ollama');
    assert.equal(caps.policy.continuation, 'none');
    assert.equal(caps.strategies.find((s) => s.strategy === 'beam')?.status, 'unavailable');
    const { events } = await solveInProcess(settingsFor(sim), { problem, budget: 4, strategy: 'lookahead' });
    assert.match(routeOf(events).reason, /Ollama ignores continue_final_message/);
  });

  test('6. llama.cpp: unstreamed continuations come back without the echoed prefix', async () => {
    const sim = await emulate('--emulate', 'llamacpp');
    const engine = createEngine(settingsFor(sim), {});
    const run = engine.solve({ problem, budget: 8, strategy: 'beam', deltas: false });
    const events: SolveEvent[] = [];
    for await (const e of run) events.push(e);
    const byCandidate = new Map<string, string[]>();
    for (const e of events) if (e.type === 'step') byCandidate.set(e.candidateId, [...(byCandidate.get(e.candidateId) ?? []), e.text]);
    const parents = new Map(
      events
        .filter((e) => e.type === 'candidate' && e.parentId)
        .map((e) => [(e as { id: string }).id, (e as { parentId: string }).parentId]),
    );
    for (const [id, steps] of byCandidate) {
      const parent = parents.get(id);
      const parentSteps = parent ? (byCandidate.get(parent) ?? []) : [];
      assert.ok(!steps.some((s) => parentSteps.includes(s)), `${id} repeats its parent's steps`);
    }
    assert.equal(
      bodiesTo(sim.url).filter((b) => b.continue_final_message === true && b.stream !== true).length > 0,
      true,
      'unstreamed continuations were sent',
    );
  });

  test('7. one PRM input the server refuses fails alone, not its whole /pooling batch', async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const input = (JSON.parse(body) as { input: string | string[] }).input;
        const inputs = Array.isArray(input) ? input : [input];
        if (inputs.some((i) => i.includes('TOO LONG'))) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({
              error: { message: 'the input is longer than the maximum context length', type: 'BadRequestError', code: 400 },
            }),
          );
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: inputs.map((i) => ({ data: (i.match(/<extra_0>/g) ?? []).map(() => [0.2, 0.8]) })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const verifier = new PoolingVerifier({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        model: 'prm',
        timeoutMs: 5000,
        concurrency: 4,
        format: 'qwen-prm',
      });
      const signal = new AbortController().signal;
      const outcomes = await Promise.allSettled(
        ['one', 'TOO LONG', 'three', 'four'].map((text) => verifier.scoreSteps('P', [text, 'done'], { signal })),
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
      );
    } finally {
      server.close();
    }
  });

  test('7. Ollama before 0.12.11 returns no logprobs: the judge fails at once, not four times a step', async () => {
    const sim = await emulate('--emulate', 'ollama', '--server-version', '0.12.3');
    const settings = settingsFor(sim, { verifier: { kind: 'llm-judge', url: sim.url, model: '' } });
    const caps = await createEngine(settings, {}).capabilities();
    assert.equal(caps.policy.logprobs, false);
    assert.equal(caps.strategies.find((s) => s.strategy === 'weighted-best-of-n')?.status, 'unavailable');
    const before = fetchCalls.length;
    const { events } = await solveInProcess(settings, { problem, budget: 4, strategy: 'weighted-best-of-n' });
    assert.match(routeOf(events).reason, /logprobs/);
    const judged = fetchCalls.slice(before).filter((c) => c.url.startsWith(sim.url) && c.body.includes('top_logprobs')).length;
    // The health check's two steps go out together; nothing is retried and the run asks no more.
    assert.ok(judged <= 2, `${judged} judge requests`);
  });
});
