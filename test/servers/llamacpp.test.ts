// Against llama.cpp's real llama-server (a random-weight model writing gibberish): every strategy ends in
// a result within budget, deltas stream, Ponder's token counts equal the server's own usage records,
// and `ponder check` reports what the server does; with 4 slots, with 2 (n refused above 2), and with
// the Llama 3.1 chat template. The PRM is `ponder sim` (no real PRM runs here).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSim, type Sim } from '../helpers/sim';
import { startLlamaServer, CHAT_TEMPLATES, type LlamaServer } from '../helpers/llamaServer';
import { startUsageProxy, type UsageProxy } from '../helpers/usageProxy';
import { startCli } from '../engine/cliRun';
import type { Capabilities } from '../../src/shared/api';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI } from '../helpers/sim';

const SETUPS: Array<{ name: string; flags: string[]; slots: number }> = [
  { name: '4 slots, ChatML', flags: [], slots: 4 },
  { name: '2 slots (n refused above 2)', flags: ['--parallel', '2'], slots: 2 },
  {
    name: 'Llama 3.1 chat template',
    flags: ['--chat-template-file', join(CHAT_TEMPLATES, 'meta-llama-Llama-3.1-8B-Instruct.jinja')],
    slots: 4,
  },
];

for (const setup of SETUPS) {
  describe(`llama-server (${setup.name})`, { timeout: 900_000 }, () => {
    let llama: LlamaServer;
    let prm: Sim;
    let proxy: UsageProxy;
    before(async () => {
      llama = await startLlamaServer(setup.flags);
      prm = await startSim();
      // Runs ask for 12 tokens a generation; Ponder's capability probes (one per process, outside any run's usage) ask for at most 8.
      proxy = await startUsageProxy(llama.url, (body) => body.max_tokens === 12);
    });
    after(async () => {
      await proxy?.close();
      llama?.stop();
      await prm?.stop();
    });
    const endpoints = () => [
      '--policy-url',
      proxy.url,
      '--verifier-kind',
      'vllm-pooling',
      '--verifier-url',
      prm.origin,
      '--verifier-model',
      'ponder-sim-prm',
      '--max-tokens',
      '12',
    ];

    test('ponder check --json reports what the server does', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'check', '--json', ...endpoints()]);
      const caps = JSON.parse(stdout) as Capabilities;
      assert.equal(caps.policy.server, 'llamacpp');
      assert.equal(caps.policy.model, 'tiny-random-qwen2');
      assert.equal(caps.policy.continuation, 'continue-final-message');
      assert.equal(caps.policy.supportsN, true);
      assert.equal(caps.policy.maxN, setup.slots, 'n up to the slots');
      assert.equal(caps.policy.stopReporting, 'finish_reason', 'llama.cpp reports only finish_reason');
      assert.equal(caps.policy.logprobs, true);
      assert.deepEqual(
        caps.strategies.map((s) => s.strategy),
        [...STRATEGY_NAMES],
      );
      assert.ok(
        caps.strategies.every((s) => s.status !== 'unavailable'),
        JSON.stringify(caps.strategies),
      );
    });

    for (const strategy of STRATEGY_NAMES) {
      for (const budget of [1, 8]) {
        test(`${strategy} at budget ${budget} ends in a result within budget, usage as the server counted`, async () => {
          const before = {
            prompt: proxy.promptTokens,
            completion: proxy.completionTokens,
            streams: proxy.streams,
            streamed: proxy.streamedChars,
          };
          const run = startCli([
            'solve',
            'What is 2+3?',
            '--json',
            '--budget',
            String(budget),
            '--strategy',
            strategy,
            '--concurrency',
            '8',
            ...endpoints(),
          ]);
          const { code, events, stderr } = await run.done;
          assert.equal(code, 0, stderr);
          const results = events.filter((e) => e.type === 'result');
          assert.equal(results.length, 1, 'exactly one result');
          assert.ok(!events.some((e) => e.type === 'error' && e.fatal), 'no fatal error');
          const result = results[0] as Extract<(typeof events)[number], { type: 'result' }>;
          assert.ok(result.usage.generations <= budget, `${result.usage.generations} generations within ${budget}`);
          // The random-weight model sometimes opens a step with the stop string itself (seen: lookahead at
          // budget 1, one step), so a run may have nothing to stream; whatever the server streamed arrives.
          assert.ok(proxy.streams > before.streams, 'the run streamed its generations');
          const streamed = proxy.streamedChars - before.streamed;
          const relayed = events.reduce((sum, e) => sum + (e.type === 'delta' ? e.text.length : 0), 0);
          assert.ok(streamed === 0 || relayed > 0, `the server streamed ${streamed} characters; ${relayed} arrived as deltas`);
          assert.equal(
            result.usage.completionTokens,
            proxy.completionTokens - before.completion,
            'completion tokens as the server reported them, every choice',
          );
          assert.equal(result.usage.promptTokens, proxy.promptTokens - before.prompt, 'prompt tokens as the server reported them');
        });
      }
    }
  });
}
