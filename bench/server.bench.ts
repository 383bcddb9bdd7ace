// Language server benchmark. (1) Added latency between the simulator emitting a token and the client
// receiving it: a recording proxy in front of `ponder sim` timestamps every SSE chunk as it leaves the
// simulator; a direct streaming client (the baseline) and the language server's client (ponder/runEvents
// delta events) timestamp their arrival, on the same clock. (2) The server's peak memory (VmHWM) for a
// budget-256 run, against an idle server measured in the same run.
// Run: npm run build && node --import tsx bench/server.bench.ts
import { createServer, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MATH500, startSim } from '../test/helpers/sim';
import { simSettings, startServer } from '../test/server/lspClient';
import { solve } from '../src/shared/protocol';

const PROBLEMS = readFileSync(MATH500, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { problem: string }).problem);
const RUNS = 6;

interface Chunk {
  at: number;
  /** Characters of generated text up to and including this chunk. */
  cumulative: number;
}

/** Proxy that forwards to the sim and records, per streamed response, when each content chunk passed. */
async function startTimingProxy(origin: string) {
  const streams: Chunk[][] = [];
  const upstream = new URL(origin);
  const server = createServer((req, res) => {
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const chunks: Chunk[] = [];
        let cumulative = 0;
        let buffer = '';
        if (String(up.headers['content-type']).includes('text/event-stream')) streams.push(chunks);
        up.on('data', (data: Buffer) => {
          const at = performance.now();
          buffer += data.toString('utf8');
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const payload = frame.replace(/^data: /, '');
            if (payload === '[DONE]') continue;
            try {
              const parsed = JSON.parse(payload) as { choices?: Array<{ delta?: { content?: string }; text?: string }> };
              const text = parsed.choices?.map((c) => c.delta?.content ?? c.text ?? '').join('') ?? '';
              if (text) chunks.push({ at, cumulative: (cumulative += text.length) });
            } catch {
              // not a JSON frame
            }
          }
          res.write(data);
        });
        up.on('end', () => res.end());
      },
    );
    req.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin: base, url: `${base}/v1`, streams, close: () => server.close() };
}

/** For each arrival (time, cumulative characters), the delay since the chunk that completed those characters passed the proxy. */
function delays(chunks: Chunk[], arrivals: Array<{ at: number; cumulative: number }>): number[] {
  const out: number[] = [];
  let j = 0;
  for (const arrival of arrivals) {
    while (j < chunks.length && chunks[j].cumulative < arrival.cumulative) j++;
    if (j < chunks.length) out.push(arrival.at - chunks[j].at);
  }
  return out;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function directClient(url: string, problem: string): Promise<Array<{ at: number; cumulative: number }>> {
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'ponder-sim-policy',
      stream: true,
      max_tokens: 1024,
      messages: [
        {
          role: 'user',
          content: `${problem}\n\nSolve step by step, separating steps with a blank line, and put the final answer in \\boxed{}.`,
        },
      ],
    }),
  });
  const arrivals: Array<{ at: number; cumulative: number }> = [];
  let cumulative = 0;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const data of response.body!) {
    const at = performance.now();
    buffer += decoder.decode(data, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const payload = buffer.slice(0, end).replace(/^data: /, '');
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (payload === '[DONE]') continue;
      const parsed = JSON.parse(payload) as { choices: Array<{ delta?: { content?: string } }> };
      const text = parsed.choices.map((c) => c.delta?.content ?? '').join('');
      if (text) arrivals.push({ at, cumulative: (cumulative += text.length) });
    }
  }
  return arrivals;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function latency(): Promise<void> {
  const sim = await startSim(['--problems', MATH500, '--ttft-ms', '20', '--tokens-per-second', '50']);
  const proxy = await startTimingProxy(sim.origin);
  const client = startServer();
  try {
    // Baseline: a direct streaming client through the same proxy.
    const direct: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = proxy.streams.length;
      const arrivals = await directClient(proxy.url, PROBLEMS[i]);
      direct.push(...delays(proxy.streams[before], arrivals));
    }
    // The language server: one generation per run, so one stream maps to one candidate.
    await client.initialize({ initializationOptions: simSettings(proxy, { verifier: { kind: 'none' } }) });
    const viaServer: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const runId = `bench-${i}`;
      const arrivals: Array<{ at: number; cumulative: number }> = [];
      let cumulative = 0;
      const listener = client.connection.onNotification(
        'ponder/runEvents',
        (p: { runId: string; events: Array<{ type: string; text?: string }> }) => {
          if (p.runId !== runId) return;
          const at = performance.now();
          for (const e of p.events) if (e.type === 'delta' && e.text) arrivals.push({ at, cumulative: (cumulative += e.text.length) });
        },
      );
      const before = proxy.streams.length;
      await client.connection.sendRequest(solve, { runId, problem: PROBLEMS[i], budget: 1, strategy: 'majority' });
      listener.dispose();
      const streams = proxy.streams.slice(before);
      if (streams.length !== 1) throw new Error(`expected one streamed generation for a budget-1 run, saw ${streams.length}`);
      viaServer.push(...delays(streams[0], arrivals));
    }
    console.log(`token -> client latency over ${RUNS} generations at 50 tokens/s (sim --ttft-ms 20 --tokens-per-second 50):`);
    console.log(
      `  direct streaming client : median ${fmt(quantile(direct, 0.5))}, p95 ${fmt(quantile(direct, 0.95))} (${direct.length} chunks)`,
    );
    console.log(
      `  language server delta   : median ${fmt(quantile(viaServer, 0.5))}, p95 ${fmt(quantile(viaServer, 0.95))} (${viaServer.length} deltas)`,
    );
    console.log(
      `  added by the server     : median ${fmt(quantile(viaServer, 0.5) - quantile(direct, 0.5))}, p95 ${fmt(quantile(viaServer, 0.95) - quantile(direct, 0.95))} (batching interval 40 ms)`,
    );
  } finally {
    await client.stop();
    proxy.close();
    await sim.stop();
  }
}

async function memory(): Promise<void> {
  const sim = await startSim(['--problems', MATH500]);
  const idle = startServer();
  const busy = startServer();
  try {
    await Promise.all([
      idle.initialize({ initializationOptions: simSettings(sim) }),
      busy.initialize({ initializationOptions: simSettings(sim) }),
    ]);
    const started = performance.now();
    const result = await busy.connection.sendRequest(solve, {
      runId: 'bench-256',
      problem: PROBLEMS[10],
      budget: 256,
      strategy: 'weighted-best-of-n',
    });
    const elapsed = performance.now() - started;
    const events = busy.runEvents.flatMap((b) => b.events).length;
    const idleMb = peakRssMb(idle.process.pid!);
    const busyMb = peakRssMb(busy.process.pid!);
    console.log(
      `budget-256 run (weighted-best-of-n, sim without latency): ${result.usage.generations} generations, ${events} events in ${busy.runEvents.length} batches, ${(elapsed / 1000).toFixed(1)} s`,
    );
    console.log(
      `  server peak RSS (VmHWM): ${busyMb.toFixed(1)} MB during the run vs ${idleMb.toFixed(1)} MB idle after initialize: x${(busyMb / idleMb).toFixed(2)}`,
    );
  } finally {
    await Promise.all([idle.stop(), busy.stop()]);
    await sim.stop();
  }
}

latency()
  .then(memory)
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
