// Bad input and failing endpoints never stop the server; API keys never leave it except as the
// Authorization header to the configured endpoint, even at trace.server = verbose.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { scoreSteps, setSecrets, solve } from '../../src/shared/protocol';
import { FULL_CAPABILITIES, simSettings, startServer, type TestClient } from './lspClient';
import { math500 } from './fixtures';

let sim: Sim;
before(async () => {
  sim = await startSim(['--problems', MATH500]);
});
after(() => sim?.stop());

async function rpcError(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ResponseError) return err;
    throw err;
  }
  assert.fail('expected a JSON-RPC error');
}

test('invalid params get -32602 saying what is wrong, and the next good request is served', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({ initializationOptions: simSettings(sim) });
  const send = (method: string, params: unknown) => client.connection.sendRequest(method, params);
  const cases: Array<[string, unknown, RegExp]> = [
    ['ponder/solve', { problem: 42 }, /params\.problem: .*string/],
    ['ponder/solve', { problem: '   ' }, /params\.problem: must not be empty/],
    ['ponder/solve', { problem: 'x', budget: 0 }, /params\.budget: .*>=\s*1/],
    ['ponder/solve', { problem: 'x', budget: 2.5 }, /params\.budget: .*expected int/],
    ['ponder/solve', { problem: 'x', strategy: 'guess' }, /params\.strategy: .*"majority"/],
    ['ponder/solve', null, /ponder\/solve: invalid params: params: /],
    ['ponder/scoreSteps', { problem: 'x' }, /ponder\/scoreSteps: invalid params: .*solution/],
    ['ponder/scoreSteps', { uri: 'file:///never-opened.md' }, /not open; send textDocument\/didOpen first/],
    ['ponder/capabilities', { refresh: 'yes' }, /params\.refresh/],
  ];
  for (const [method, params, message] of cases) {
    const err = await rpcError(send(method, params));
    assert.equal(err.code, -32602, `${method} ${JSON.stringify(params)}`);
    assert.match(err.message, message);
  }
  const good = await client.connection.sendRequest(solve, { problem: math500()[0].problem, budget: 1, strategy: 'majority' });
  assert.equal(good.usage.generations, 1);
  assert.equal(client.process.exitCode, null);
});

test('an unreachable policy endpoint becomes a fatal error event and result, and the server keeps serving', async (t) => {
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as AddressInfo).port;
  closed.close(); // nothing listens on the port any more
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({
    initializationOptions: {
      policy: { url: `http://127.0.0.1:${port}/v1`, model: 'm' },
      verifier: { kind: 'none' },
      request: { timeoutMs: 3000 },
    },
  });
  const result = await client.connection.sendRequest(solve, { runId: 'down', problem: 'What is 1+1?', budget: 2, strategy: 'majority' });
  const events = client.runEvents.filter((b) => b.runId === 'down').flatMap((b) => b.events);
  const last = events.at(-1);
  assert.ok(last?.type === 'result' || (last?.type === 'error' && last.fatal), `the run ended (${last?.type})`);
  const errors = events.filter((e) => e.type === 'error');
  assert.ok(errors.length > 0 || result.error, 'the failure is reported');
  assert.ok(result.error !== undefined || result.usage.failedGenerations > 0 || result.answer === null);
  const text = JSON.stringify(errors) + (result.error ?? '');
  assert.match(text, new RegExp(`127\\.0\\.0\\.1:${port}`), 'the message names the endpoint');
  await client.waitFor(() => client.statuses.some((st) => st.health === 'error'), 'an error ponder/serverStatus');
  assert.match(
    client.statuses.find((st) => st.health === 'error')?.message ?? '',
    new RegExp(`127\\.0\\.0\\.1:${port}/v1 is not reachable`),
  );
  // Still serving:
  const after = await client.connection.sendRequest('ponder/capabilities', {});
  assert.ok(after);
});

/** An HTTP proxy in front of the sim that records Authorization headers and can answer 401 echoing the key, as some APIs do. */
async function startRecordingProxy(
  target: Sim,
): Promise<{ url: string; origin: string; headers: IncomingHttpHeaders[]; rejectWithEcho: boolean; server: Server }> {
  const state = { headers: [] as IncomingHttpHeaders[], rejectWithEcho: false };
  const upstream = new URL(target.origin);
  const server = createServer((req, res) => {
    state.headers.push(req.headers);
    if (state.rejectWithEcho) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${String(req.headers.authorization ?? '').replace(/^Bearer /, '')}`,
            type: 'invalid_request_error',
          },
        }),
      );
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url: `${origin}/v1`, origin, server });
}

test('API keys are used as Bearer tokens but appear in no log, event, response or stderr at trace.server verbose', async (t) => {
  const POLICY_KEY = 'sk-ponder-TEST-policy-5b1d7e9a';
  const VERIFIER_KEY = 'sk-ponder-TEST-verifier-c04f2a61';
  const proxy = await startRecordingProxy(sim);
  const client: TestClient = startServer();
  t.after(async () => {
    await client.stop();
    proxy.server.close();
  });
  client.configuration = { ...simSettings(proxy), trace: { server: 'verbose' } };
  await client.initialize({});
  await client.connection.sendNotification(setSecrets, { policyApiKey: POLICY_KEY, verifierApiKey: VERIFIER_KEY });

  const ok = await client.connection.sendRequest(solve, {
    runId: 'with-key',
    problem: math500()[1].problem,
    budget: 4,
    strategy: 'weighted-best-of-n',
  });
  assert.equal(ok.error, undefined);
  const scored = await client.connection.sendRequest(scoreSteps, {
    problem: 'What is 1+1?',
    solution: 'One plus one.\n\nIt is $\\boxed{2}$.',
  });
  assert.equal(scored.steps.length, 2);

  // Now the endpoint rejects the key and echoes it back in its error message.
  proxy.rejectWithEcho = true;
  const failed = await client.connection.sendRequest(solve, {
    runId: 'rejected',
    problem: math500()[2].problem,
    budget: 2,
    strategy: 'majority',
  });
  const failedEvents = client.runEvents.filter((b) => b.runId === 'rejected').flatMap((b) => b.events);
  assert.ok(failed.error !== undefined || failedEvents.some((e) => e.type === 'error'), 'the rejection is reported');
  const scoreError = await rpcError(
    client.connection.sendRequest(scoreSteps, { problem: 'What is 1+1?', solution: 'It is $\\boxed{2}$.' }),
  );
  assert.equal(scoreError.code, -32803);

  // The keys were really used, as Bearer tokens to the configured host.
  const authorizations = proxy.headers.map((h) => h.authorization);
  assert.ok(authorizations.includes(`Bearer ${POLICY_KEY}`), 'the policy key is sent to the policy endpoint');
  assert.ok(authorizations.includes(`Bearer ${VERIFIER_KEY}`), 'the verifier key is sent to the verifier endpoint');
  // ... and never left the server any other way.
  assert.ok(client.logs.filter((l) => l.message.startsWith('[debug]')).length >= 5, 'verbose debug logging was on');
  assert.match(JSON.stringify(failedEvents) + (failed.error ?? '') + scoreError.message, /\[redacted\]/, 'the echoed key was redacted');
  for (const key of [POLICY_KEY, VERIFIER_KEY]) {
    assert.ok(!client.stdout().includes(key), 'not in any message on stdout (events, responses, logs)');
    assert.ok(!client.stderr().includes(key), 'not on stderr');
    assert.ok(!JSON.stringify(client.logs).includes(key));
    assert.ok(!JSON.stringify(client.runEvents).includes(key));
  }
});

test('keys sent before the configuration arrives reach only the host the configuration names', async (t) => {
  const KEY = 'sk-ponder-TEST-early-91ab3f';
  const [early, configured] = await Promise.all([startRecordingProxy(sim), startRecordingProxy(sim)]);
  const client = startServer();
  t.after(async () => {
    await client.stop();
    early.server.close();
    configured.server.close();
  });
  client.configuration = simSettings(configured);
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: FULL_CAPABILITIES,
    initializationOptions: simSettings(early),
  });
  await client.connection.sendNotification(setSecrets, { policyApiKey: KEY });
  await client.connection.sendNotification('initialized', {});
  await client.connection.sendRequest(solve, { problem: math500()[9].problem, budget: 1, strategy: 'majority' });
  await client.waitFor(() => client.statuses.some((s) => s.health === 'ok'), 'the probe of the configured endpoints');
  assert.ok(
    configured.headers.some((h) => h.authorization === `Bearer ${KEY}`),
    'the configured host got the key',
  );
  assert.equal(early.headers.length, 0, 'the host from initializationOptions, overridden by the configuration, got nothing');
});
