// The real `ponder serve` command (dist/cli.js) in front of `ponder sim`: its first line is the base URL,
// the `openai` client gets answers streamed and not, the upstream API keys appear in no response byte and
// no log line at --verbose, and Ctrl-C stops it cleanly.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { PROBLEMS } from '../engine/engineHarness';
import { CLI, inFlightSettles, MATH500, startSim, type Sim } from '../helpers/sim';

const POLICY_KEY = 'sk-policy-DISTINCTIVE-4c9a17e2';
const VERIFIER_KEY = 'sk-verifier-DISTINCTIVE-b80d3f55';
const TOKEN = 'serve-token-cli-91f2';

describe('ponder serve (the CLI)', () => {
  let sim: Sim;
  let child: ChildProcess;
  let url = '';
  let stderr = '';
  /** Every byte the server sent back, as text. */
  let received = '';

  before(async () => {
    // Model-like latency, so that a run is still going when the last test presses Ctrl-C.
    sim = await startSim(['--problems', MATH500, '--ttft-ms', '30', '--tokens-per-second', '300']);
    child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--port',
        '0',
        '--verbose',
        '--policy-url',
        sim.url,
        '--verifier-url',
        sim.url,
        '--verifier-model',
        'ponder-sim-prm',
        '--budget',
        '4',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PONDER_API_KEY: POLICY_KEY, PONDER_VERIFIER_API_KEY: VERIFIER_KEY, PONDER_SERVE_TOKEN: TOKEN },
      },
    );
    child.stderr!.on('data', (d) => (stderr += d));
    const lines = createInterface({ input: child.stdout! });
    url = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      once(child, 'exit').then(() => assert.fail(`ponder serve exited before printing its URL:\n${stderr}`)),
    ]);
  });
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await sim?.stop();
  });

  /** The openai client, recording every response body it reads (the client itself is not changed). */
  const client = (apiKey = TOKEN) =>
    new OpenAI({
      baseURL: url,
      apiKey,
      maxRetries: 0,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const [mine, theirs] = response.body ? response.body.tee() : [null, null];
        // A body cut off mid-way (the Ctrl-C test, which runs after the key check) rejects; the client sees that itself.
        if (mine)
          void new Response(mine).text().then(
            (text) => (received += text),
            () => undefined,
          );
        return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
      },
    });

  test('prints its base URL first: http://127.0.0.1:PORT/v1', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/, `first stdout line: ${url}`);
  });

  test('answers the openai client, not streamed and streamed, with reasoning and usage', async () => {
    const completion = await client().chat.completions.create({
      model: 'ponder',
      messages: [{ role: 'user', content: PROBLEMS[9].problem }],
    });
    assert.match(completion.choices[0].message.content ?? '', /\\boxed\{/);
    assert.ok(completion.usage && completion.usage.completion_tokens > 0);
    const stream = await client().chat.completions.create({
      model: 'ponder-weighted-best-of-n',
      messages: [{ role: 'user', content: PROBLEMS[10].problem }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let reasoning = '';
    let content = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      content += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.match(reasoning, /Route: weighted-best-of-n/);
    assert.match(content, /\\boxed\{/);
    assert.ok(usage && usage.total_tokens > 0);
  });

  test('errors: 400, 404 and 401 in OpenAI shape', async () => {
    const bad = await client()
      .chat.completions.create({
        model: 'ponder',
        messages: 'What is 2+2?',
      } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    assert.ok(bad instanceof OpenAI.BadRequestError, `bad body: ${String(bad)}`);
    const unknown = await client()
      .chat.completions.create({ model: 'llama3', messages: [{ role: 'user', content: '1+1' }] })
      .catch((e: unknown) => e);
    assert.ok(unknown instanceof OpenAI.NotFoundError && unknown.code === 'model_not_found', `unknown model: ${String(unknown)}`);
    const wrongToken = await client('sk-not-the-token')
      .models.list()
      .catch((e: unknown) => e);
    assert.ok(wrongToken instanceof OpenAI.AuthenticationError, `wrong token: ${String(wrongToken)}`);
    const noToken = await fetch(`${url}/models`);
    received += await noToken.text();
    assert.equal(noToken.status, 401, 'no token');
  });

  test('the upstream API keys appear in no response byte and no log line (at --verbose)', () => {
    assert.ok(received.includes('chat.completion'), 'the responses were recorded');
    assert.ok(/\[debug\]/.test(stderr) && /\[info\] POST \/v1\/chat\/completions 200/.test(stderr), `verbose logging was on:\n${stderr}`);
    for (const key of [POLICY_KEY, VERIFIER_KEY, TOKEN]) {
      assert.ok(!received.includes(key), `a response carried ${key}`);
      assert.ok(!stderr.includes(key), `the log carried ${key}`);
    }
  });

  test('Ctrl-C during a run cancels it, closes its stream and stops cleanly', async () => {
    const stream = await client().chat.completions.create({
      model: 'ponder-majority',
      messages: [{ role: 'user', content: PROBLEMS[11].problem }],
      stream: true,
      ponder: { budget: 8 },
    } as OpenAI.Chat.ChatCompletionCreateParamsStreaming);
    const chunks = stream[Symbol.asyncIterator]();
    await chunks.next(); // the run has started
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /ponder serve: stopped \(SIGINT\)/);
    const rest = await (async () => {
      for (let next = await chunks.next(); !next.done; next = await chunks.next());
    })().then(
      () => 'ended',
      (err: unknown) => `failed: ${String(err)}`,
    );
    assert.match(rest, /^failed/, 'the cancelled stream ends without [DONE], so the client knows the answer did not come');
    assert.equal(await inFlightSettles(sim), 0, 'the simulator still serves a request of the stopped server');
  });
});
