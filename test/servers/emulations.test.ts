// Against each server emulation (`ponder sim --emulate`, docs/servers.md) and, where the server renders
// prompts itself, each real chat template: every strategy at budgets 1, 4 and 16 ends in one result
// (never a fatal error) within budget; beam and lookahead, where they run, grow steps that continue
// the prefix; the route reason names what was worked around. The PRM is a plain `ponder sim`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { startSim, MATH500, type Sim } from '../helpers/sim';
import { CHAT_TEMPLATES } from '../helpers/llamaServer';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from '../engine/engineHarness';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import type { SolveEvent } from '../../src/shared/events';
import type { Capabilities } from '../../src/shared/api';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI } from '../helpers/sim';

const TEMPLATES = readdirSync(CHAT_TEMPLATES)
  .filter((f) => f.endsWith('.jinja'))
  .map((f) => f.replace(/\.jinja$/, ''))
  .sort();
/** vLLM and SGLang render continue_final_message through the model's template; the others keep their own rules. */
const SETUPS: Array<{ emulate: string; template?: string }> = [
  ...['vllm', 'sglang'].flatMap((emulate) => TEMPLATES.map((template) => ({ emulate, template }))),
  ...['openai', 'ollama', 'llamacpp', 'lmstudio'].map((emulate) => ({ emulate })),
];
const TRIMMING = /Llama-3|gemma/;
const problem = PROBLEMS.find((p) => p.level === 3)!.problem;

for (const setup of SETUPS) {
  describe(`--emulate ${setup.emulate}${setup.template ? ` --chat-template ${setup.template}` : ''}`, { timeout: 600_000 }, () => {
    let policy: Sim;
    let prm: Sim;
    before(async () => {
      policy = await startSim([
        '--emulate',
        setup.emulate,
        '--problems',
        MATH500,
        ...(setup.template ? ['--chat-template', setup.template] : []),
      ]);
      prm = await startSim(['--problems', MATH500]);
    });
    after(async () => {
      await policy?.stop();
      await prm?.stop();
    });
    const settings = () =>
      engineSettings(policy.url, {
        policy: { model: '', continuation: 'auto' },
        verifier: { url: prm.url, model: 'ponder-sim-prm' },
        budget: { maxTokensPerGeneration: 512 },
      });

    test('ponder check --json names the server and rates every strategy', async () => {
      const args = [
        'check',
        '--json',
        '--policy-url',
        policy.url,
        '--continuation',
        'auto',
        '--verifier-url',
        prm.url,
        '--verifier-model',
        'ponder-sim-prm',
      ];
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args]);
      const caps = JSON.parse(stdout) as Capabilities;
      assert.equal(caps.policy.server, setup.emulate);
      assert.equal(caps.policy.reachable, true);
      assert.equal(caps.verifier.reachable, true);
      assert.deepEqual(
        caps.strategies.map((s) => s.strategy),
        [...STRATEGY_NAMES],
      );
      for (const row of caps.strategies) assert.ok(row.status === 'ok' || row.reason, `${row.strategy}: a reason for ${row.status}`);
      const beam = caps.strategies.find((s) => s.strategy === 'beam')!;
      assert.equal(
        beam.status === 'unavailable',
        caps.policy.continuation === 'none',
        `beam is unavailable exactly when nothing continues: ${JSON.stringify(beam)}`,
      );
      if (setup.emulate === 'vllm' && setup.template && TRIMMING.test(setup.template)) assert.equal(caps.policy.trimsPrefix, true);
      if (setup.emulate === 'vllm' && caps.policy.continuation === 'continue-final-message')
        assert.equal(caps.policy.stopReporting, 'stop_reason');
      if (setup.emulate === 'ollama' || setup.emulate === 'lmstudio') assert.equal(caps.policy.supportsN, false, 'n is ignored');
    });

    for (const strategy of STRATEGY_NAMES) {
      test(`${strategy} at budgets 1, 4 and 16`, async () => {
        for (const budget of [1, 4, 16]) {
          const { events, result } = await solveInProcess(settings(), { problem, budget, strategy });
          checkEventContract(events);
          const fatal = events.find((e) => e.type === 'error' && e.fatal);
          assert.equal(fatal, undefined, `no fatal error at budget ${budget}: ${JSON.stringify(fatal)}`);
          assert.ok(result.usage.generations <= budget, `${result.usage.generations} generations within ${budget}`);
          const route = events.find((e): e is Extract<SolveEvent, { type: 'route' }> => e.type === 'route')!;
          if (strategy === 'beam' || strategy === 'lookahead') checkSearch(events, route, budget, setup);
        }
      });
    }
  });
}

function checkSearch(
  events: SolveEvent[],
  route: Extract<SolveEvent, { type: 'route' }>,
  budget: number,
  setup: { emulate: string; template?: string },
): void {
  const searched = route.strategy === 'beam' || route.strategy === 'lookahead';
  if (!searched) {
    // Step-level search was not possible: the reason says why.
    assert.match(route.reason, /continu/, `the fallback says why: ${route.reason}`);
    assert.ok(
      ['ollama', 'openai', 'sglang'].includes(setup.emulate) || /gpt-oss/.test(setup.template ?? ''),
      `only servers that cannot continue fall back: ${route.reason}`,
    );
    return;
  }
  if (setup.emulate === 'vllm' && setup.template && TRIMMING.test(setup.template))
    assert.match(route.reason, /trims/, `the trimming template is named: ${route.reason}`);
  if (budget < 4) return;
  const later = events.filter((e): e is Extract<SolveEvent, { type: 'step' }> => e.type === 'step' && e.index > 0);
  assert.ok(later.length > 0 && later.every((s) => s.text.trim() !== ''), 'steps after the first continue the prefix, none empty');
}
