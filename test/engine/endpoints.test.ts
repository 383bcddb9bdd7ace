// Endpoint failures and fallbacks: a policy that is down, a server that refuses or ignores n > 1,
// no continuation, no verifier, the completions continuation mode, and a policy file with errors.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from './engineHarness';
import { simArgs, startCli } from './cliRun';
import { servedGenerations, startRecorder } from './recorder';

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('endpoints', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--problems', MATH500]);
  });
  after(() => sim.stop());

  test('a policy endpoint that is down: a fatal error naming the URL, exit code 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const { code, events, stderr } = await startCli([
      'solve',
      'What is 1+1?',
      '--json',
      '--budget',
      '2',
      '--strategy',
      'majority',
      '--policy-url',
      url,
      '--verifier-kind',
      'none',
      '--timeout-ms',
      '2000',
    ]).done;
    assert.equal(code, 1);
    checkEventContract(events);
    const last = events[events.length - 1];
    assert.ok(last.type === 'error' && last.fatal);
    assert.ok(last.type === 'error' && last.message.includes(url), last.type === 'error' ? last.message : '');
    assert.match(last.type === 'error' ? last.message : '', /cannot connect|ECONNREFUSED/);
    assert.ok(!stderr.includes('at ') || !stderr.includes('node:internal'), 'no stack trace for a user error');
  });

  test('a policy that never answers: each generation fails at the request timeout and the run still ends in a result', async () => {
    const stalled = await startSim(['--problems', MATH500, '--stall-rate', '1', '--stall-ms', '60000']);
    try {
      const { events, result } = await solveInProcess(engineSettings(stalled.url, { request: { timeoutMs: 300 } }), {
        problem: PROBLEMS[3].problem,
        budget: 2,
        strategy: 'majority',
      });
      checkEventContract(events);
      assert.equal(result.usage.generations, 2);
      assert.equal(result.usage.failedGenerations, 2);
      assert.equal(result.partial, true);
      const warning = events.find((e) => e.type === 'error');
      assert.ok(warning?.type === 'error' && /did not answer within 300 ms/.test(warning.message), JSON.stringify(warning));
      assert.equal((await stalled.stats()).inFlight, 0);
    } finally {
      await stalled.stop();
    }
  });

  test('a server that refuses n > 1 (llama.cpp): falls back to one request per generation', async () => {
    const recorder = await startRecorder(sim.origin, { refuseN: true });
    try {
      const { events, result } = await solveInProcess(engineSettings(recorder.url), {
        problem: PROBLEMS[5].problem,
        budget: 8,
        strategy: 'weighted-best-of-n',
      });
      checkEventContract(events);
      assert.equal(result.usage.generations, 8);
      assert.equal(result.usage.failedGenerations, 0);
      assert.equal(events.filter((e) => e.type === 'final' && e.answer !== null).length, 8);
      const refused = recorder.requests.filter((r) => r.status === 400);
      assert.equal(refused.length, 1, 'n > 1 is tried once, then never again');
      assert.equal(recorder.requests.filter((r) => r.completed && r.n === 1).length, 8);
      assert.equal(servedGenerations(recorder.requests), 8);
    } finally {
      await recorder.close();
    }
  });

  test('a server that silently returns fewer choices than n (Ollama): asks for the missing ones', async () => {
    const recorder = await startRecorder(sim.origin, { collapseN: true });
    try {
      const { events, result } = await solveInProcess(engineSettings(recorder.url), {
        problem: PROBLEMS[6].problem,
        budget: 8,
        strategy: 'majority',
      });
      checkEventContract(events);
      assert.equal(result.usage.generations, 8);
      assert.equal(result.usage.failedGenerations, 0);
      assert.equal(events.filter((e) => e.type === 'final' && e.answer !== null).length, 8);
      assert.equal(servedGenerations(recorder.requests), 8);
    } finally {
      await recorder.close();
    }
  });

  test('no continuation: beam becomes weighted best-of-N and the route says why', async () => {
    const { events, result } = await solveInProcess(engineSettings(sim.url, { policy: { continuation: 'none' } }), {
      problem: PROBLEMS[7].problem,
      budget: 8,
      strategy: 'beam',
    });
    checkEventContract(events);
    const route = events.find((e) => e.type === 'route');
    assert.ok(route?.type === 'route');
    assert.equal(route.strategy, 'weighted-best-of-n');
    assert.match(route.reason, /continues a partial answer/);
    assert.equal(result.usage.generations, 8);
  });

  test('continuation through /v1/completions with a ChatML template runs beam search', async () => {
    const recorder = await startRecorder(sim.origin);
    try {
      const { events, result } = await solveInProcess(
        engineSettings(recorder.url, { policy: { continuation: 'completions', chatTemplate: 'chatml' } }),
        { problem: PROBLEMS[8].problem, budget: 4, strategy: 'beam' },
      );
      checkEventContract(events);
      assert.ok(result.answer);
      assert.ok(recorder.requests.some((r) => r.path.endsWith('/v1/completions') && r.hasStop));
    } finally {
      await recorder.close();
    }
  });

  test('auto continuation probes the endpoint once and uses continue_final_message on vLLM-like servers', async () => {
    const recorder = await startRecorder(sim.origin);
    try {
      const { result } = await solveInProcess(engineSettings(recorder.url, { policy: { continuation: 'auto' } }), {
        problem: PROBLEMS[9].problem,
        budget: 4,
        strategy: 'beam',
      });
      assert.ok(result.answer);
      assert.ok(
        recorder.requests.some((r) => r.continueFinalMessage && r.hasStop),
        'steps continue the final message',
      );
      assert.equal(recorder.requests.filter((r) => r.continueFinalMessage && r.maxTokens === 8).length, 1, 'one probe');
    } finally {
      await recorder.close();
    }
  });

  test('no verifier: verifier strategies become majority voting; auto bins by answer agreement', async () => {
    const settings = engineSettings(sim.url, { verifier: { kind: 'none' } });
    const weighted = await solveInProcess(settings, { problem: PROBLEMS[10].problem, budget: 4, strategy: 'weighted-best-of-n' });
    checkEventContract(weighted.events);
    const route = weighted.events.find((e) => e.type === 'route');
    assert.ok(route?.type === 'route' && route.strategy === 'majority' && /needs a verifier/.test(route.reason));
    assert.ok(!weighted.events.some((e) => e.type === 'score'));
    const auto = await solveInProcess(settings, { problem: PROBLEMS[10].problem, budget: 16, strategy: 'auto' });
    checkEventContract(auto.events);
    const difficulty = auto.events.find((e) => e.type === 'difficulty');
    assert.ok(difficulty?.type === 'difficulty' && difficulty.signal === 'agreement');
    assert.equal(auto.result.usage.verifierCalls, 0);
  });

  test('a policy file with errors is rejected with every problem and its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponder-policy-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        provenance: { source: 'test' },
        thresholds: { verifier: [0.2, 0.5, 0.6, 0.9], agreement: [0.9, 0.7, 0.5, 0.3] },
        bins: { '1': [{ maxBudget: 4, strategy: 'nope' }] },
      }),
    );
    const { code, events } = await startCli(['solve', 'What is 1+1?', '--json', '--policy-file', file, ...simArgs(sim.url)]).done;
    assert.equal(code, 1);
    const last = events[events.length - 1];
    assert.ok(last.type === 'error' && last.fatal);
    const message = last.type === 'error' ? last.message : '';
    assert.match(message, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(message, /thresholds\.verifier: cut points must be in descending order/);
    assert.match(message, /bins\.1\.0\.strategy/);
    assert.match(message, /bins\.2/);
  });

  test('a token cap stops new generations; usage says how far it got', async () => {
    const { events, result } = await solveInProcess(engineSettings(sim.url, { budget: { tokenCap: 1 } }), {
      problem: PROBLEMS[11].problem,
      budget: 8,
      strategy: 'revisions',
    });
    checkEventContract(events);
    assert.ok(result.usage.tokens >= 1);
    assert.ok(result.usage.generations < 8, `${result.usage.generations} generations despite the cap`);
    assert.ok(result.answer);
  });

  test('usage errors exit with 2', async () => {
    assert.equal((await startCli(['solve']).done).code, 2);
    assert.equal((await startCli(['solve', 'x', '--no-such-flag']).done).code, 2);
    assert.equal((await startCli(['solve', 'x', '--strategy', 'greedy']).done).code, 2);
    assert.equal((await startCli(['solve', 'x', '--budget', '0']).done).code, 2);
    assert.equal((await startCli(['solve', 'x', '--budget', 'many']).done).code, 2);
    assert.equal((await startCli(['score-steps', '--problem', 'x']).done).code, 2);
  });
});
