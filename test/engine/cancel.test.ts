// Cancelling mid-run: through solve()'s AbortSignal and through Ctrl-C (SIGINT) on `ponder solve`.
// Both end in a partial result, and the simulator has nothing left in flight afterwards.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { CLI, inFlightSettles, MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from './engineHarness';
import { simArgs, startCli } from './cliRun';

describe('cancel', () => {
  let sim: Sim;
  before(async () => {
    // Slow enough that every generation is still streaming when the cancel arrives.
    sim = await startSim(['--problems', MATH500, '--ttft-ms', '100', '--tokens-per-second', '20']);
  });
  after(() => sim.stop());

  for (const strategy of ['weighted-best-of-n', 'beam', 'revisions'] as const) {
    test(`AbortSignal of solve() (${strategy}) resolves with a partial result and closes every request`, async () => {
      const controller = new AbortController();
      const { events, result } = await solveInProcess(
        engineSettings(sim.url),
        { problem: PROBLEMS[40].problem, budget: 16, strategy, signal: controller.signal },
        (e) => {
          if (e.type === 'delta') controller.abort();
        },
      );
      checkEventContract(events);
      const last = events[events.length - 1];
      assert.equal(last.type, 'result');
      assert.equal(result.partial, true);
      assert.equal(result.error, undefined);
      assert.ok(result.usage.generations <= 16);
      assert.equal(await inFlightSettles(sim), 0, 'the simulator still serves a cancelled request');
    });
  }

  test('Ctrl-C on ponder solve --json prints the partial result as NDJSON and exits', async () => {
    const run = startCli([
      'solve',
      PROBLEMS[41].problem,
      '--json',
      '--budget',
      '16',
      '--strategy',
      'weighted-best-of-n',
      ...simArgs(sim.url),
    ]);
    await run.waitFor('delta');
    run.child.kill('SIGINT');
    const { code, events, stderr } = await run.done;
    assert.equal(code, 130, stderr);
    checkEventContract(events);
    const last = events[events.length - 1];
    assert.equal(last.type, 'result');
    assert.ok(last.type === 'result' && last.partial === true);
    assert.equal(await inFlightSettles(sim), 0);
  });

  test('Ctrl-C on the live terminal view prints the partial answer', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'solve', PROBLEMS[42].problem, '--budget', '8', '--strategy', 'majority', ...simArgs(sim.url)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('route:')) resolve();
      }),
    );
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 130);
    assert.match(out, /answer \(partial\): /);
    assert.match(out, /used \d+\/8 generations/);
  });
});
