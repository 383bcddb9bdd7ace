// Engine benchmark against `ponder sim --ttft-ms 200 --tokens-per-second 50 --capacity 64`.
// Each figure is a ratio to a baseline measured in the same run: the engine's wall time over the
// "ideal" time of the very same HTTP requests (recorded through a proxy) replayed straight to the
// simulator, all at once (for beam search, one search step at a time); and HTTP requests per
// generation with and without n-batching. Also prints cancel latency. Targets from issue 5:
// weighted best-of-N at 64 <= 1.15, beam at 16 (M=4) <= 1.2.
import http from 'node:http';
import { startSim, MATH500, type Sim } from '../test/helpers/sim';
import { engineSettings, PROBLEMS, solveInProcess } from '../test/engine/engineHarness';
import { startRecorder, type Exchange } from '../test/engine/recorder';
import { simArgs, startCli } from '../test/engine/cliRun';
import type { StrategyName } from '../src/shared/strategies';

/** Groups exchanges into waves: a wave ends when every request in it has ended before the next starts. */
function waves(exchanges: Exchange[]): Exchange[][] {
  const sorted = [...exchanges].sort((a, b) => a.start - b.start);
  const out: Exchange[][] = [];
  let end = -Infinity;
  for (const e of sorted) {
    if (e.start >= end || out.length === 0) out.push([]);
    out[out.length - 1].push(e);
    end = Math.max(end, e.end);
  }
  return out;
}

function send(origin: URL, e: Exchange): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        path: e.path,
        method: e.method,
        headers: { 'content-type': 'application/json', 'content-length': String(e.body.length) },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(e.body);
  });
}

/** Replays the recorded requests straight to the simulator, each wave all at once. */
async function idealMs(sim: Sim, exchanges: Exchange[]): Promise<number> {
  const origin = new URL(sim.origin);
  const started = performance.now();
  for (const wave of waves(exchanges)) await Promise.all(wave.map((e) => send(origin, e)));
  return performance.now() - started;
}

async function measure(sim: Sim, strategy: StrategyName, budget: number, overrides: Record<string, unknown>, problem: string) {
  const recorder = await startRecorder(sim.origin);
  try {
    const settings = engineSettings(recorder.url, overrides);
    const started = performance.now();
    const { result } = await solveInProcess(settings, { problem, budget, strategy });
    const engineMs = performance.now() - started;
    const policyRequests = recorder.requests.length;
    const ideal = await idealMs(sim, recorder.exchanges);
    return { engineMs, ideal, ratio: engineMs / ideal, result, policyRequests, waves: waves(recorder.exchanges).length };
  } finally {
    await recorder.close();
  }
}

async function main() {
  const sim = await startSim(['--problems', MATH500, '--ttft-ms', '200', '--tokens-per-second', '50', '--capacity', '64']);
  try {
    const problem = PROBLEMS[20].problem;
    const rows: string[] = [];
    const wbon = await measure(sim, 'weighted-best-of-n', 64, { budget: { concurrency: 64 } }, problem);
    rows.push(
      `weighted-best-of-n budget 64, concurrency 64: engine ${wbon.engineMs.toFixed(0)} ms, ideal ${wbon.ideal.toFixed(0)} ms (${wbon.waves} waves), ratio ${wbon.ratio.toFixed(3)} (target <= 1.15)`,
    );
    const beam = await measure(sim, 'beam', 16, { budget: { concurrency: 64 } }, problem);
    rows.push(
      `beam budget 16, M=4: engine ${beam.engineMs.toFixed(0)} ms, ideal ${beam.ideal.toFixed(0)} ms (${beam.waves} waves), ratio ${beam.ratio.toFixed(3)} (target <= 1.2)`,
    );
    const batched = await measure(sim, 'weighted-best-of-n', 64, { budget: { concurrency: 64 } }, PROBLEMS[21].problem);
    const unbatched = await measure(
      sim,
      'weighted-best-of-n',
      64,
      { budget: { concurrency: 64 }, policy: { supportsN: 'no' } },
      PROBLEMS[21].problem,
    );
    rows.push(
      `requests per generation: with n-batching ${(batched.policyRequests / batched.result.usage.generations).toFixed(3)} (${batched.policyRequests}/${batched.result.usage.generations}), ` +
        `without ${(unbatched.policyRequests / unbatched.result.usage.generations).toFixed(3)} (${unbatched.policyRequests}/${unbatched.result.usage.generations}); ` +
        `wall time without / with: ${(unbatched.engineMs / batched.engineMs).toFixed(3)}`,
    );
    const controller = new AbortController();
    let abortedAt = 0;
    const cancelled = await solveInProcess(
      engineSettings(sim.url),
      { problem, budget: 16, strategy: 'weighted-best-of-n', signal: controller.signal },
      (e) => {
        if (e.type === 'delta' && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    );
    const cancelMs = performance.now() - abortedAt;
    rows.push(
      `cancel via AbortSignal: partial result ${cancelMs.toFixed(1)} ms after abort (bound 1000 ms: ratio ${(cancelMs / 1000).toFixed(3)}), partial=${cancelled.result.partial}, sim inFlight after: ${(await sim.stats()).inFlight}`,
    );
    const cli = startCli(['solve', problem, '--json', '--budget', '16', '--strategy', 'weighted-best-of-n', ...simArgs(sim.url)]);
    await cli.waitFor('delta');
    const interruptedAt = performance.now();
    cli.child.kill('SIGINT');
    const exited = await cli.done;
    const exitMs = performance.now() - interruptedAt;
    const last = exited.events[exited.events.length - 1];
    rows.push(
      `Ctrl-C on ponder solve --json: exit ${exited.code} after ${exitMs.toFixed(0)} ms (bound 1000 ms: ratio ${(exitMs / 1000).toFixed(3)}), last event ${last?.type}${last?.type === 'result' ? ` partial=${last.partial}` : ''}`,
    );
    console.log(rows.join('\n'));
  } finally {
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
