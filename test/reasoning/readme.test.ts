// The README's "Reasoning models" command lines, run as written against simulators of the servers they
// name (the URL pointed at the simulator, the model left to the server's listing): Qwen3 on vLLM with its
// reasoning parser, and an OpenAI reasoning model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, ROOT, startSim } from '../helpers/sim';
import type { SolveEvent } from '../../src/shared/events';
import { THINKING_DECOY_ANSWER } from '../../src/sim/thinking';

function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Reasoning models');
  assert.ok(start >= 0, 'the README has a "Reasoning models" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section.split('\n').filter((line) => line.startsWith('ponder solve '));
}

/** Shell words of a one-line command (double-quoted strings kept whole). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** The README's arguments with the URL pointed at the simulator and the model left to the server's listing. */
function againstSim(line: string, url: string): string[] {
  const args = words(line).slice(1);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--policy-url') out.push('--policy-url', url);
    if (args[i] === '--policy-url' || args[i] === '--policy-model') i++;
    else out.push(args[i]);
  }
  return out;
}

const SERVERS = [
  { names: /Qwen3/, sim: ['--emulate', 'vllm', '--chat-template', 'Qwen-Qwen3-0.6B', '--thinking', 'reasoning_content'], thinks: true },
  { names: /api\.openai\.com/, sim: ['--emulate', 'openai', '--thinking', 'hidden'], thinks: false },
];

test("the README's reasoning-model command lines run against the servers they name", async () => {
  const commands = readmeCommands();
  assert.equal(commands.length, SERVERS.length, `one command line per server: ${commands.join('\n')}`);
  for (const server of SERVERS) {
    const line = commands.find((c) => server.names.test(c));
    assert.ok(line, `a command line for ${server.names}`);
    const sim = await startSim(server.sim);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...againstSim(line, sim.url), '--json'], {
        env: { ...process.env, PONDER_API_KEY: 'sk-test' },
      });
      const events = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as SolveEvent);
      const result = events[events.length - 1];
      assert.equal(result.type, 'result', `${line}\nends in a result: ${JSON.stringify(result)}`);
      if (result.type !== 'result') return;
      assert.ok(result.answer !== null && !result.answer.includes(THINKING_DECOY_ANSWER), `an answer from the solution: ${result.answer}`);
      const stats = await sim.stats();
      assert.equal(result.usage.generations, stats.generations, 'the server served the generations the run counted');
      assert.equal(
        result.usage.completionTokens,
        stats.completionTokens,
        'the run counted every token the server generated, thinking included',
      );
      const thought = events.some((e) => e.type === 'final' && e.thinking);
      assert.equal(thought, server.thinks, `thinking in final events: ${thought}`);
    } finally {
      await sim.stop();
    }
  }
});
