// Ctrl-C during an eval saves what is finished and exits within 2 s; the same command then resumes
// without spending any generation twice (counted by the simulator's /sim/stats).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, MATH500, startSim } from '../helpers/sim';
import { readResults } from '../../src/eval/results';
import { endpointArgs, runCli, tempDir } from './cli';

test('SIGINT saves and exits within 2 s; the re-run resumes without re-spending generations', async () => {
  // Latency makes the eval last long enough to be interrupted mid-way.
  const sim = await startSim(['--problems', MATH500, '--ttft-ms', '40']);
  const out = tempDir('resume');
  const problems = 12;
  const maxBudget = 16;
  const args = [
    'eval',
    '--dataset',
    MATH500,
    '--limit',
    String(problems),
    '--budgets',
    `1,4,${maxBudget}`,
    '--strategies',
    'majority,weighted-best-of-n',
    '--chunk',
    '4',
    '--concurrency',
    '2',
    '--out',
    out,
    '--json',
    ...endpointArgs(sim),
  ];
  try {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = once(child, 'exit');
    // Interrupt once a few problems are done (a signal from the eval itself, not a sleep).
    for await (const line of createInterface({ input: child.stdout! })) {
      const event = JSON.parse(line) as { type: string; problemsDone?: number };
      if (event.type === 'progress' && (event.problemsDone ?? 0) >= 3) break;
    }
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    const exitMs = Date.now() - interruptedAt;
    assert.equal(code, 130, stderr);
    assert.ok(exitMs < 2000, `exited ${exitMs} ms after SIGINT`);
    assert.match(stderr, /Run the same command again to resume/);
    const afterInterrupt = await sim.stats();
    assert.ok(afterInterrupt.generations < problems * maxBudget, 'the eval was interrupted before it finished');

    const resumed = await runCli(args);
    assert.equal(resumed.code, 0, resumed.stderr);
    const afterResume = await sim.stats();
    // A third, fully cached run measures what an invocation costs without samples: the capability probes
    // (continuation: 1 generation of 8 tokens; n: 2 of 1 token; logprobs: 1 of 1 token; reasoning: 1 of 1 token).
    const cached = await runCli(args);
    assert.equal(cached.code, 0, cached.stderr);
    const overhead = (await sim.stats()).generations - afterResume.generations;
    assert.ok(overhead <= 5, `a cached run spent ${overhead} generations`);
    // Two invocations (interrupted + resumed): every pool sample delivered exactly once, plus two probes'
    // overhead. Chunks still in flight 1 s after Ctrl-C are aborted (the sim counted them, the eval never got
    // them: on a loaded machine, one of the two in flight), so they are drawn again; never more than those.
    const abandoned = afterResume.abandonedGenerations;
    assert.ok(abandoned <= 2 * 4, `${abandoned} generations abandoned: at most the 2 chunks of 4 in flight at the interrupt`);
    assert.equal(afterResume.generations - abandoned - 2 * overhead, problems * maxBudget);
    assert.equal(readResults(join(out, 'results.jsonl')).length, problems * 2 * 3);
  } finally {
    await sim.stop();
    rmSync(out, { recursive: true, force: true });
  }
});
