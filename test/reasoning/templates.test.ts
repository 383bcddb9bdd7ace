// Reasoning models' real chat templates (Qwen3, QwQ, DeepSeek-R1 distills, gpt-oss in
// ../shared/data/chat-templates) rendering Ponder's prompts on an emulated vLLM whose model thinks:
// `ponder check` reports the shape, and sampling and revisions (whose prompts carry earlier attempts'
// final solutions) end in a result read from the final solutions, with tokens as the server counted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startSim, MATH500, CLI } from '../helpers/sim';
import { startUsageProxy } from '../helpers/usageProxy';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from '../engine/engineHarness';
import type { Capabilities } from '../../src/shared/api';
import { THINKING_DECOY_ANSWER } from '../../src/sim/thinking';

const REASONING_TEMPLATES = [
  'Qwen-Qwen3-0.6B',
  'Qwen-QwQ-32B',
  'deepseek-ai-DeepSeek-R1-Distill-Qwen-32B',
  'deepseek-ai-DeepSeek-R1-Distill-Llama-8B',
  'openai-gpt-oss-120b',
];
const problem = PROBLEMS.find((p) => p.level === 2)!.problem;

for (const template of REASONING_TEMPLATES) {
  describe(`--emulate vllm --chat-template ${template} --thinking reasoning_content`, { timeout: 300_000 }, () => {
    test('ponder check reports the reasoning shape; majority and revisions answer from the final solutions', async () => {
      const policy = await startSim([
        '--emulate',
        'vllm',
        '--chat-template',
        template,
        '--thinking',
        'reasoning_content',
        '--problems',
        MATH500,
      ]);
      const prm = await startSim(['--problems', MATH500]);
      const proxy = await startUsageProxy(policy.url, (body) => JSON.stringify(body).includes(JSON.stringify(problem).slice(1, 40)));
      try {
        const args = ['check', '--json', '--policy-url', policy.url, '--verifier-url', prm.url, '--verifier-model', 'ponder-sim-prm'];
        const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args]);
        const caps = JSON.parse(stdout) as Capabilities;
        assert.equal(caps.policy.reasoning, 'reasoning_content', `ponder check: ${JSON.stringify(caps.policy)}`);
        const settings = engineSettings(proxy.url, {
          policy: { model: '', continuation: 'auto' },
          verifier: { url: prm.url, model: 'ponder-sim-prm' },
        });
        for (const strategy of ['majority', 'revisions'] as const) {
          const before = proxy.completionTokens + proxy.promptTokens;
          const { events, result } = await solveInProcess(settings, { problem, budget: 4, strategy });
          checkEventContract(events);
          assert.equal(events[events.length - 1].type, 'result', `${strategy}: ${result.error ?? ''}`);
          assert.ok(result.usage.generations <= 4);
          assert.equal(
            result.usage.tokens,
            proxy.completionTokens + proxy.promptTokens - before,
            `${strategy}: tokens as the server counted them`,
          );
          const finals = events.filter((e) => e.type === 'final');
          assert.ok(finals.length > 0 && finals.every((f) => f.type === 'final' && !f.answer?.includes(THINKING_DECOY_ANSWER)));
          assert.ok(
            finals.some((f) => f.type === 'final' && (f.thinking?.length ?? 0) > 0),
            `${strategy}: the thinking travels in final.thinking`,
          );
        }
      } finally {
        await proxy.close();
        await policy.stop();
        await prm.stop();
      }
    });
  });
}
