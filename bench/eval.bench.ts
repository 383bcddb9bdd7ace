// `ponder eval` over MATH-500 on the simulator with budgets 1..64 and every strategy, then `ponder
// calibrate`: prints the wall time (and its ratio to a pool-only eval of the same problems, measured
// in the same run), accuracy, the held-out comparison and the efficiency ratio vs weighted best-of-N.
// Usage: node --import tsx bench/eval.bench.ts [--limit N] (default: all 500 problems; it takes a while)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, MATH500, startSim } from '../test/helpers/sim';
import type { Summary } from '../src/eval/summary';

const { values } = parseArgs({ options: { limit: { type: 'string' }, concurrency: { type: 'string' } } });
const limit = values.limit ?? '500';
const concurrency = values.concurrency ?? '16';
const BUDGETS = '1,2,4,8,16,32,64';
const ALL = 'majority,best-of-n,weighted-best-of-n,beam,lookahead,revisions';

async function main() {
  const sim = await startSim(['--problems', MATH500]);
  const dir = mkdtempSync(join(tmpdir(), 'ponder-eval-bench-'));
  const endpoint = [
    '--policy-url',
    sim.url,
    '--verifier-url',
    sim.origin,
    '--verifier-model',
    'ponder-sim-prm',
    '--concurrency',
    concurrency,
  ];
  const timed = (label: string, args: string[]) => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    return { seconds, stdout: r.stdout };
  };
  try {
    console.log(`eval bench: MATH-500 first ${limit} problems, budgets ${BUDGETS}, concurrency ${concurrency}, on ponder sim (simulated)`);
    const pool = timed('pool-only eval', [
      'eval',
      '--dataset',
      MATH500,
      '--limit',
      limit,
      '--budgets',
      BUDGETS,
      '--strategies',
      'majority',
      '--out',
      join(dir, 'pool'),
      '--json',
      ...endpoint,
    ]);
    console.log(`baseline (pool only: one 64-sample pool per problem): ${pool.seconds.toFixed(1)} s`);
    const full = timed('full eval', [
      'eval',
      '--dataset',
      MATH500,
      '--limit',
      limit,
      '--budgets',
      BUDGETS,
      '--strategies',
      ALL,
      '--out',
      join(dir, 'all'),
      '--json',
      ...endpoint,
    ]);
    console.log(
      `every strategy (${ALL}): ${full.seconds.toFixed(1)} s = ${(full.seconds / pool.seconds).toFixed(1)}x the pool-only baseline`,
    );
    const summary = JSON.parse(readFileSync(join(dir, 'all', 'summary.json'), 'utf8')) as Summary;
    console.log(`generations: ${summary.usage.generations}, tokens: ${summary.usage.tokens}`);
    for (const s of summary.strategies)
      console.log(`  ${s.padEnd(20)} ${summary.budgets.map((b) => `${b}:${(100 * summary.accuracy[s][String(b)]).toFixed(1)}`).join(' ')}`);
    for (const binning of ['predicted', 'oracle'] as const) {
      const h = summary.efficiency.headline[binning];
      console.log(
        h
          ? `efficiency vs weighted-best-of-n (${binning} bins): it needs ${h.baselineBudget} for ${(100 * h.baselineAccuracy).toFixed(1)}%, compute-optimal ${h.optimalBudget.toFixed(2)}: ${h.ratio.toFixed(2)}x (${h.bound})`
          : `efficiency (${binning}): n/a`,
      );
    }
    const cal = timed('calibrate', ['calibrate', '--eval', join(dir, 'all'), '--out', join(dir, 'policy.json'), '--folds', '2']);
    console.log(cal.stdout.trim());
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
