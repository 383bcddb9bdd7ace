// Unit tests of the server's pure parts: batching, configuration merge, secret redaction, log levels,
// server status, and the runs registry's ordering and cancel deadline (with a scripted engine). Time
// is node:test's mocked setTimeout, advanced by the test, so batch boundaries and deadlines are exact.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, type WorkDoneProgressReporter } from 'vscode-languageserver';
import type { Engine } from '../../src/core/index';
import type { SolveEvent, SolveResult } from '../../src/shared/events';
import { emptyUsage } from '../../src/shared/events';
import type { RunEventsParams } from '../../src/shared/protocol';
import { EventBatcher } from '../../src/server/batcher';
import { ConfigurationStore } from '../../src/server/configuration';
import { Logger } from '../../src/server/log';
import { RunRegistry } from '../../src/server/runs';
import { SecretStore } from '../../src/server/secrets';
import { statusOf } from '../../src/server/status';
import type { Capabilities } from '../../src/shared/api';

const delta = (i: number): SolveEvent => ({ type: 'delta', t: i, candidateId: 'c0', text: `token ${i} ` });

/** Advances the mocked clock by `ms`, one millisecond at a time, letting promise callbacks run after each step. */
async function advance(t: TestContext, ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    t.mock.timers.tick(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('the batcher sends events in order, one batch an interval after the first pending event, and flushes on demand', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: SolveEvent[][] = [];
  const batcher = new EventBatcher((events) => batches.push(events), 30);
  for (let i = 0; i < 3; i++) batcher.push(delta(i));
  t.mock.timers.tick(10);
  batcher.push(delta(3));
  batcher.push(delta(4));
  t.mock.timers.tick(19);
  assert.equal(batches.length, 0, 'nothing is sent before the interval');
  t.mock.timers.tick(1);
  assert.equal(batches.length, 1, 'one batch, 30 ms after the first event');
  batcher.push(delta(5));
  batcher.push(delta(6));
  batcher.flush();
  batcher.flush(); // nothing pending: no empty batch
  t.mock.timers.tick(30); // the flush cleared the timer: no batch follows
  assert.deepEqual(
    batches.map((b) => b.map((e) => e.t)),
    [
      [0, 1, 2, 3, 4],
      [5, 6],
    ],
  );
});

test('configuration: defaults < initializationOptions < client section; nested, dotted and wrapped forms; bad values reported', () => {
  const store = new ConfigurationStore();
  assert.equal(store.current.settings.budget.generations, 16);
  assert.equal(store.setInitializationOptions({ policy: { url: 'http://init/v1' }, budget: { generations: 8 } }), true);
  assert.equal(store.current.settings.policy.url, 'http://init/v1');
  assert.equal(store.setClientSection({ 'budget.generations': 4, 'ponder.verifier.kind': 'none' }), true);
  assert.equal(store.current.settings.budget.generations, 4);
  assert.equal(store.current.settings.verifier.kind, 'none');
  assert.equal(store.current.settings.policy.url, 'http://init/v1', 'initializationOptions still apply under the client section');
  assert.equal(
    store.setClientSection({ ponder: { budget: { generations: 4 }, verifier: { kind: 'none' } } }),
    false,
    'same effective settings: no change',
  );
  store.setClientSection({ budget: { generations: 'many' } });
  assert.equal(store.current.settings.budget.generations, 8);
  assert.match(store.current.problems.join(), /ponder\.budget\.generations must be a number/);
});

test('secrets: absent fields keep keys, empty strings clear them, redaction replaces every occurrence', () => {
  const secrets = new SecretStore();
  assert.equal(secrets.set({ policyApiKey: 'sk-policy-123', verifierApiKey: 'sk-policy-123-verifier' }), true);
  assert.equal(secrets.set({}), false);
  assert.equal(
    secrets.redact('Bearer sk-policy-123-verifier and sk-policy-123, sk-policy-123'),
    'Bearer [redacted] and [redacted], [redacted]',
  );
  assert.equal(secrets.set({ verifierApiKey: '' }), true);
  assert.deepEqual(secrets.get(), { policyApiKey: 'sk-policy-123' });
});

test('the logger follows trace.server and redacts every line', () => {
  const lines: string[] = [];
  const sink = {
    error: (m: string) => lines.push(`E ${m}`),
    warn: (m: string) => lines.push(`W ${m}`),
    info: (m: string) => lines.push(`I ${m}`),
    log: (m: string) => lines.push(`L ${m}`),
  };
  const log = new Logger(sink, (t) => t.replace('KEY', '***'));
  log.debug('hidden');
  log.info('hidden');
  log.warn('warn KEY');
  log.setTrace('messages');
  log.info('info');
  log.debug('hidden');
  log.setTrace('verbose');
  log.debug('debug KEY');
  assert.deepEqual(lines, ['W warn ***', 'I info', 'L [debug] debug ***']);
});

test('status: policy down is an error, verifier down a warning, ignored settings a warning; quiescent follows runs', () => {
  const caps = (policy: boolean, verifier: boolean): Capabilities => ({
    policy: {
      url: 'http://p/v1',
      model: 'm',
      reachable: policy,
      error: policy ? undefined : 'ECONNREFUSED',
      server: 'vllm',
      continuation: 'completions',
      trimsPrefix: null,
      supportsN: true,
      maxN: null,
      logprobs: true,
      stopReporting: 'stop_reason',
    },
    verifier: { kind: 'vllm-pooling', url: 'http://v', model: 'prm', reachable: verifier },
    strategies: [],
  });
  assert.deepEqual(statusOf({ capabilities: caps(true, true), failure: null, settingProblems: [], runs: 0 }), {
    health: 'ok',
    quiescent: true,
    runs: 0,
  });
  const down = statusOf({ capabilities: caps(false, false), failure: null, settingProblems: [], runs: 2 });
  assert.equal(down.health, 'error');
  assert.equal(down.quiescent, false);
  assert.match(down.message ?? '', /http:\/\/p\/v1 is not reachable \(ECONNREFUSED\)[\s\S]*verifier/);
  assert.equal(statusOf({ capabilities: caps(true, false), failure: null, settingProblems: [], runs: 0 }).health, 'warning');
  assert.equal(statusOf({ capabilities: null, failure: null, settingProblems: ['x'], runs: 0 }).health, 'warning');
});

/** An engine whose run emits the given events, then (unless `hang`) a result; it ignores its AbortSignal when `hang`. */
function scriptedEngine(events: SolveEvent[], options: { hang?: boolean } = {}): Engine {
  return {
    solve(request) {
      const runId = request.runId ?? 'generated';
      let finish: (r: SolveResult) => void = () => {};
      const result = new Promise<SolveResult>((resolve) => (finish = resolve));
      async function* stream(): AsyncGenerator<SolveEvent> {
        for (const e of events) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          yield e;
        }
        if (options.hang) await new Promise(() => {});
        const usage = { ...emptyUsage(), generations: 1 };
        yield { type: 'result', t: 99, answer: '2', votes: [], bestCandidateId: 'c0', usage, elapsedMs: 99 };
        finish({ runId, answer: '2', votes: [], bestCandidateId: 'c0', usage, elapsedMs: 99, strategy: 'majority', partial: false });
      }
      return Object.assign(stream(), { runId, result });
    },
    scoreSteps: () => Promise.reject(new Error('not used')),
    capabilities: () => Promise.reject(new Error('not used')),
  };
}

const silentLog = new Logger({ error() {}, warn() {}, info() {}, log() {} }, (t) => t);
const progressRecorder = () => {
  const calls: string[] = [];
  const reporter: WorkDoneProgressReporter = {
    begin: (title) => void calls.push(`begin ${title}`),
    report: (a: number | string) => void calls.push(`report ${a}`),
    done: () => void calls.push('done'),
  };
  return { calls, reporter };
};

test('a run: events in order in batches, the result batch last, progress begun and done, registry emptied', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: RunEventsParams[] = [];
  const counts: number[] = [];
  const registry = new RunRegistry({
    send: (p) => sent.push(p),
    log: silentLog,
    redact: (t) => t,
    onActiveChange: (n) => counts.push(n),
    batchIntervalMs: 5,
  });
  const events = Array.from({ length: 20 }, (_, i) => delta(i));
  const progress = progressRecorder();
  const running = registry.run(
    () => scriptedEngine(events),
    { runId: 'r1', problem: 'p' },
    4,
    new CancellationTokenSource().token,
    progress.reporter,
  );
  await advance(t, 40); // the scripted engine emits a delta every 2 ms
  const result = await running;
  assert.equal(result.runId, 'r1');
  const all = sent.flatMap((b) => b.events);
  assert.deepEqual(
    all.map((e) => e.type),
    [...events.map(() => 'delta'), 'result'],
  );
  // Deltas at 2, 4, ... 40 ms; a batch leaves 5 ms after its first event (2+5, 8+5, ...): three deltas
  // each, and the last two deltas go with the result, which is flushed at once.
  assert.deepEqual(
    sent.map((b) => b.events.length),
    [3, 3, 3, 3, 3, 3, 3],
  );
  assert.ok(sent.every((b) => b.runId === 'r1'));
  assert.equal(progress.calls[0], 'begin Ponder: solving');
  assert.equal(progress.calls.at(-1), 'done');
  assert.deepEqual(counts, [1, 0]);
  assert.equal(registry.size, 0);
});

test('a cancelled run whose engine does not stop resolves once the grace period is over, with a partial result event last', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: RunEventsParams[] = [];
  const registry = new RunRegistry({
    send: (p) => sent.push(p),
    log: silentLog,
    redact: (t) => t,
    onActiveChange: () => {},
    batchIntervalMs: 5,
    cancelGraceMs: 50,
  });
  const usage: SolveEvent = { type: 'usage', t: 1, ...emptyUsage(), generations: 3 };
  const source = new CancellationTokenSource();
  const running = registry.run(
    () => scriptedEngine([usage], { hang: true }),
    { runId: 'r2', problem: 'p' },
    8,
    source.token,
    progressRecorder().reporter,
  );
  let settled = false;
  void running.then(() => (settled = true));
  await advance(t, 20); // the usage event is out at 2 ms; the engine then hangs
  assert.equal(registry.cancel('r2'), true);
  assert.equal(registry.cancel('nope'), false);
  await advance(t, 49);
  assert.equal(settled, false, 'the engine gets the whole grace period to stop');
  await advance(t, 1);
  assert.equal(settled, true, 'the run resolves when the grace period is over');
  const result = await running;
  assert.equal(result.partial, true);
  assert.equal(result.usage.generations, 3);
  const last = sent.flatMap((b) => b.events).at(-1);
  assert.equal(last?.type, 'result');
});

test('an engine that throws becomes one fatal error event with the secret redacted, and the request resolves', async () => {
  const sent: RunEventsParams[] = [];
  const registry = new RunRegistry({
    send: (p) => sent.push(p),
    log: silentLog,
    redact: (t) => t.replace('sk-secret', '[redacted]'),
    onActiveChange: () => {},
  });
  const broken = (): Engine => {
    throw new Error('bad key sk-secret');
  };
  const result = await registry.run(
    broken,
    { runId: 'r3', problem: 'p' },
    4,
    new CancellationTokenSource().token,
    progressRecorder().reporter,
  );
  assert.match(result.error ?? '', /could not start the run: bad key \[redacted\]/);
  assert.equal(result.runId, 'r3');
  assert.ok(sent.every((b) => b.runId === 'r3'));
  assert.deepEqual(
    sent.flatMap((b) => b.events).map((e) => e.type),
    ['error'],
  );
});
