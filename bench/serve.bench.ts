// `ponder serve` benchmark: the latency the OpenAI-compatible proxy adds over the engine alone, measured
// in the same run. Each problem is solved twice with the same run seed (so the simulator serves the same
// requests): once by the engine in-process, once through `ponder serve` with the official `openai`
// client (non-streamed and streamed), alternating so drift in machine load hits both alike. Reports the
// median wall time of each and their ratio, against an instant simulator (where the proxy's share is
// largest) and a simulator with model-like latency. A report, never a pass/fail on time.
// Run: npm run build && node --import tsx bench/serve.bench.ts
import OpenAI from 'openai';
import { createEngine } from '../src/core/index';
import { startServe } from '../src/serve/server';
import { engineSettings, PROBLEMS } from '../test/engine/engineHarness';
import { MATH500, startSim } from '../test/helpers/sim';

const RUNS = 12;
const BUDGET = 8;
const STRATEGY = 'weighted-best-of-n';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function measure(label: string, simArgs: string[]): Promise<void> {
  const sim = await startSim(['--problems', MATH500, ...simArgs]);
  const settings = engineSettings(sim.url, { strategy: STRATEGY });
  const engine = createEngine(settings, {});
  const serve = await startServe(engine, { host: '127.0.0.1', port: 0, maxConcurrentRuns: 1, log: () => {} });
  const client = new OpenAI({ baseURL: serve.url, apiKey: 'unused', maxRetries: 0 });
  const times = { engine: [] as number[], json: [] as number[], stream: [] as number[] };
  try {
    // One warm-up of each path (capability probes, connection set-up) before measuring.
    for (let i = -1; i < RUNS; i++) {
      const problem = PROBLEMS[(i + 1) * 7].problem;
      const seed = 1000 + i;
      const messages = [{ role: 'user' as const, content: problem }];
      const body = { model: `ponder-${STRATEGY}`, messages, seed, ponder: { budget: BUDGET } };
      const engineMs = await timed(async () => {
        const run = engine.solve({ problem, budget: BUDGET, strategy: STRATEGY, seed, deltas: false });
        for await (const _event of run);
        await run.result;
      });
      const jsonMs = await timed(() => client.chat.completions.create(body));
      const streamMs = await timed(async () => {
        for await (const _chunk of await client.chat.completions.create({
          ...body,
          stream: true,
          stream_options: { include_usage: true },
        }));
      });
      if (i < 0) continue;
      times.engine.push(engineMs);
      times.json.push(jsonMs);
      times.stream.push(streamMs);
    }
  } finally {
    await serve.close();
    await sim.stop();
  }
  const base = median(times.engine);
  console.log(`\n${label}: ${RUNS} problems, ${STRATEGY} at budget ${BUDGET}, medians`);
  console.log(`  engine alone (in-process)       ${base.toFixed(1)} ms`);
  for (const [name, xs] of [
    ['ponder serve, not streamed', times.json],
    ['ponder serve, streamed', times.stream],
  ] as const) {
    const m = median(xs);
    console.log(
      `  ${name.padEnd(31)} ${m.toFixed(1)} ms  ratio ${(m / base).toFixed(3)}  (${m >= base ? '+' : ''}${(m - base).toFixed(1)} ms)`,
    );
  }
}

async function main(): Promise<void> {
  await measure('instant simulator (the proxy at its largest share)', []);
  await measure('simulator with model-like latency (--ttft-ms 50 --tokens-per-second 400)', [
    '--ttft-ms',
    '50',
    '--tokens-per-second',
    '400',
  ]);
}

void main();
