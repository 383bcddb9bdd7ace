// ponder/solve over real JSON-RPC against dist/server.js and `ponder sim`: initialization, batched
// ponder/runEvents with work-done progress, two concurrent runs, cancellation, capabilities.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import {
  CancellationTokenSource,
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { capabilities, solve, type RunEventsParams } from '../../src/shared/protocol';
import type { SolveEvent } from '../../src/shared/events';
import { SERVER, simSettings, startServer, type TestClient } from './lspClient';
import { math500 } from './fixtures';

let sim: Sim;
let slowSim: Sim;

before(async () => {
  [sim, slowSim] = await Promise.all([
    startSim(['--problems', MATH500]),
    // Tokens spaced out so a run is still going when the test cancels it.
    startSim(['--problems', MATH500, '--ttft-ms', '50', '--tokens-per-second', '40']),
  ]);
});
after(async () => {
  await Promise.all([sim?.stop(), slowSim?.stop()]);
});

const eventsOf = (client: TestClient, runId: string): SolveEvent[] =>
  client.runEvents.filter((b) => b.runId === runId).flatMap((b) => b.events);
const batchesOf = (client: TestClient, runId: string): RunEventsParams[] => client.runEvents.filter((b) => b.runId === runId);

/** Polls /sim/stats until nothing is in flight or queued (fails after 10 s). */
async function waitForIdleSim(target: Sim): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const stats = await target.stats();
    if (stats.inFlight === 0 && stats.queued === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('the simulator still has requests in flight 10 s after the cancel');
}

test('initialize announces the features, pulls the ponder configuration and reports a healthy status', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  client.configuration = simSettings(sim);
  const init = await client.initialize({});
  assert.equal(init.serverInfo?.name, 'ponder');
  assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
  assert.deepEqual(init.capabilities.inlayHintProvider, { resolveProvider: false });
  await client.waitFor(() => client.configurationRequests > 0, 'workspace/configuration');
  await client.waitFor(() => client.statuses.some((s) => s.health === 'ok'), 'a healthy ponder/serverStatus');
  assert.equal(client.statuses.at(-1)?.quiescent, true);
  const runId = randomUUID();
  await client.connection.sendRequest(solve, { runId, problem: math500()[4].problem, budget: 1, strategy: 'majority' });
  const busy = client.statuses.findIndex((s) => !s.quiescent && s.runs === 1);
  assert.ok(busy >= 0, 'busy while the run was in progress');
  await client.waitFor(() => client.statuses.at(-1)?.quiescent === true, 'quiescent again after the run');
});

test('solve streams ordered, batched ponder/runEvents, the result batch before the response, with work-done progress', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({ initializationOptions: simSettings(sim) });
  const runId = randomUUID();
  const p = math500()[3];
  const result = await client.connection.sendRequest(solve, {
    runId,
    problem: p.problem,
    budget: 8,
    strategy: 'weighted-best-of-n',
    workDoneToken: 'progress-1',
  });
  // Messages arrive in order on one connection: the terminal batch must already be here.
  const events = eventsOf(client, runId);
  assert.equal(result.runId, runId);
  assert.equal(events[0].type, 'started');
  assert.equal(events.at(-1)?.type, 'result');
  assert.equal(events.filter((e) => e.type === 'result' || (e.type === 'error' && e.fatal)).length, 1);
  const last = events.at(-1);
  assert.ok(last?.type === 'result');
  assert.equal(result.answer, last.answer);
  assert.deepEqual(result.usage, last.usage);
  assert.ok(result.usage.generations >= 1 && result.usage.generations <= 8);
  assert.equal(result.partial, false);
  assert.deepEqual(
    events.map((e) => e.t),
    [...events.map((e) => e.t)].sort((a, b) => a - b),
    'events in time order',
  );
  const batches = batchesOf(client, runId);
  assert.ok(batches.length < events.length, `events are batched (${events.length} events in ${batches.length} batches)`);
  t.diagnostic(`${events.length} events in ${batches.length} batches`);
  const progress = client.progress.filter((n) => n.token === 'progress-1').map((n) => n.value);
  assert.equal(progress[0].kind, 'begin');
  assert.equal(progress.at(-1)?.kind, 'end');
  const reports = progress.filter((v) => v.kind === 'report');
  assert.ok(reports.length >= 1, 'progress reported while running');
  assert.match(reports.at(-1)?.message ?? '', /\d+\/8 generations/);
});

test('two concurrent runs each stream their own events with their own budgets', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({ initializationOptions: simSettings(slowSim) });
  const [a, b] = [randomUUID(), randomUUID()];
  const [ra, rb] = await Promise.all([
    client.connection.sendRequest(solve, { runId: a, problem: math500()[5].problem, budget: 2, strategy: 'majority' }),
    client.connection.sendRequest(solve, { runId: b, problem: math500()[6].problem, budget: 6, strategy: 'best-of-n' }),
  ]);
  for (const [id, r, budget] of [
    [a, ra, 2],
    [b, rb, 6],
  ] as const) {
    const events = eventsOf(client, id);
    const started = events[0];
    assert.ok(started.type === 'started' && started.budget === budget && started.runId === id);
    assert.equal(events.at(-1)?.type, 'result');
    assert.equal(r.runId, id);
    assert.ok(r.usage.generations <= budget);
  }
  // Both were in progress at the same time: their batches interleave.
  const order = client.runEvents.map((batch) => batch.runId);
  assert.ok(order.lastIndexOf(a) > order.indexOf(b) && order.lastIndexOf(b) > order.indexOf(a), 'the runs overlapped');
});

for (const how of ['$/cancelRequest', 'ponder/cancel'] as const) {
  test(`cancel with ${how} mid-run: partial result, nothing left in flight at the simulator`, async (t) => {
    const client = startServer();
    t.after(() => client.stop());
    await client.initialize({ initializationOptions: simSettings(slowSim) });
    const runId = randomUUID();
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest(
      solve,
      { runId, problem: math500()[7].problem, budget: 16, strategy: 'majority' },
      source.token,
    );
    await client.waitFor(() => eventsOf(client, runId).some((e) => e.type === 'delta'), 'the first streamed token');
    assert.ok((await slowSim.stats()).inFlight > 0, 'generations are in flight when cancelling');
    const cancelledAt = Date.now();
    if (how === '$/cancelRequest') source.cancel();
    else await client.connection.sendNotification('ponder/cancel', { runId });
    const result = await pending;
    t.diagnostic(`response ${Date.now() - cancelledAt} ms after the cancel`);
    assert.equal(result.partial, true);
    assert.ok(result.usage.generations <= 16);
    const events = eventsOf(client, runId);
    assert.equal(events.at(-1)?.type, 'result');
    assert.ok(!client.logs.some((l) => /did not stop within/.test(l.message)), 'the engine stopped by itself, not by the server deadline');
    await waitForIdleSim(slowSim);
  });
}

test('solve takes the whole shared SolveRequest: a run id minted when absent, seed and deltas reach the engine', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({ initializationOptions: simSettings(sim) });
  const request = { problem: math500()[2].problem, budget: 3, strategy: 'majority' as const, seed: 11, deltas: false };
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const result = await client.connection.sendRequest(solve, request);
    assert.match(result.runId, /^[0-9a-f-]{36}$/, 'the server minted a UUID');
    const events = eventsOf(client, result.runId);
    const started = events[0];
    assert.ok(started?.type === 'started' && started.runId === result.runId, 'the events carry the minted id');
    assert.equal(events.filter((e) => e.type === 'delta').length, 0, 'deltas: false streams no tokens');
    assert.ok(
      events.some((e) => e.type === 'step'),
      'the candidates still arrive, as whole steps',
    );
    runs.push({
      runId: result.runId,
      steps: events.flatMap((e) => (e.type === 'step' ? [`${e.candidateId}:${e.index}:${e.text}`] : [])).sort(),
    });
  }
  assert.notEqual(runs[0].runId, runs[1].runId, 'each run gets its own id');
  assert.deepEqual(runs[0].steps, runs[1].steps, 'the same seed gives the same run');
});

test('capabilities are probed once and cached; refresh probes again', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({ initializationOptions: simSettings(sim), capabilities: {} });
  const first = await client.connection.sendRequest(capabilities, {});
  assert.equal(first.policy.reachable, true);
  assert.equal(first.verifier.kind, 'vllm-pooling');
  assert.equal(first.verifier.reachable, true);
  const before = (await sim.stats()).requests;
  const cached = await client.connection.sendRequest(capabilities, null);
  assert.deepEqual(cached, first);
  assert.equal((await sim.stats()).requests, before, 'a cached answer makes no request');
  await client.connection.sendRequest(capabilities, { refresh: true });
  assert.ok((await sim.stats()).requests > before, 'refresh probes the endpoints again');
});

test('the server also speaks over Node IPC (--node-ipc), as the extension may start it', async (t) => {
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  t.after(async () => {
    connection.dispose();
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  });
  const init = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: simSettings(sim),
  });
  assert.equal(init.serverInfo?.name, 'ponder');
  await connection.sendNotification('initialized', {});
  const result = await connection.sendRequest(solve, { problem: math500()[8].problem, budget: 2, strategy: 'majority' });
  assert.equal(result.usage.generations, 2);
  assert.match(result.runId, /^[0-9a-f-]{36}$/, 'a generated UUID when the client gives none');
});
