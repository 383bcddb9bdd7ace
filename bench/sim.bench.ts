// How much load `ponder sim` sustains on this machine with 64 concurrent clients, so that later
// benchmarks know it is not their bottleneck. Prints requests/s and streamed tokens/s, each also as
// a ratio to a baseline measured in the same run (GET /v1/models: the HTTP stack alone).
import { MATH500, startSim } from '../test/helpers/sim';
import { readFileSync } from 'node:fs';

const CLIENTS = 64;
const PER_CLIENT = Number(process.env.SIM_BENCH_REQUESTS ?? 30);

const problems = readFileSync(MATH500, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { problem: string }).problem);

interface Load {
  requests: number;
  seconds: number;
  tokens: number;
}

async function drive(one: (client: number, i: number) => Promise<number>): Promise<Load> {
  const started = performance.now();
  const tokens = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      let sum = 0;
      for (let i = 0; i < PER_CLIENT; i++) sum += await one(client, i);
      return sum;
    }),
  );
  return { requests: CLIENTS * PER_CLIENT, seconds: (performance.now() - started) / 1000, tokens: tokens.reduce((a, b) => a + b, 0) };
}

async function post(url: string, body: unknown): Promise<Response> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r;
}

async function main(): Promise<void> {
  const sim = await startSim(['--problems', MATH500]);
  try {
    const messages = (client: number, i: number) => [
      { role: 'system', content: 'Solve step by step; put the final answer in \\boxed{}.' },
      { role: 'user', content: problems[(client * PER_CLIENT + i) % problems.length] },
    ];
    const models = async () => {
      await (await fetch(`${sim.url}/models`)).arrayBuffer();
      return 0;
    };
    await drive(models); // warm-up: open the 64 keep-alive connections and let the JIT settle
    const baseline = await drive(models);
    const chat = await drive(async (client, i) => {
      const r = await post(`${sim.url}/chat/completions`, { model: 'ponder-sim-policy', messages: messages(client, i), seed: i });
      const json = (await r.json()) as { usage: { completion_tokens: number } };
      return json.usage.completion_tokens;
    });
    const streamed = await drive(async (client, i) => {
      const r = await post(`${sim.url}/chat/completions`, {
        model: 'ponder-sim-policy',
        messages: messages(client, i),
        seed: i,
        stream: true,
        stream_options: { include_usage: true },
      });
      const text = await r.text();
      const usage = text.match(/"completion_tokens":(\d+)/);
      return usage ? Number(usage[1]) : 0;
    });
    const pooled = await drive(async (client, i) => {
      const steps = ['Step 1: We expand. This gives $s_{1} = 120$.', 'Step 2: So the answer is $\\boxed{3}$.'];
      const input = `<|im_start|>user\n${problems[(client + i) % problems.length]}<|im_end|>\n<|im_start|>assistant\n${steps.join('<extra_0>')}<extra_0><|im_end|>`;
      await (await post(`${sim.origin}/pooling`, { model: 'ponder-sim-prm', input })).arrayBuffer();
      return 0;
    });
    const rate = (l: Load) => l.requests / l.seconds;
    const base = rate(baseline);
    const row = (name: string, l: Load, extra = '') =>
      console.log(`${name.padEnd(34)} ${rate(l).toFixed(0).padStart(7)} req/s  (${(rate(l) / base).toFixed(2)}x baseline)${extra}`);
    console.log(`ponder sim, ${CLIENTS} concurrent clients x ${PER_CLIENT} requests each, no latency model`);
    row('baseline GET /v1/models', baseline);
    row('chat, whole solution (JSON)', chat, `  ${(chat.tokens / chat.seconds).toFixed(0)} completion tokens/s`);
    row('chat, streamed token by token', streamed, `  ${(streamed.tokens / streamed.seconds).toFixed(0)} streamed tokens/s`);
    row('/pooling, one solution', pooled);
    const stats = await sim.stats();
    console.log(
      `sim stats after the run: ${stats.requests} requests, ${stats.generations} generations, ${stats.completionTokens} completion tokens, inFlight ${stats.inFlight}`,
    );
  } finally {
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
