// `ponder eval` over MATH-500 on the simulator with budgets 1..64 and every strategy, then `ponder
// calibrate`: prints the wall time (and its ratio to a pool-only eval of the same problems, measured
// in the same run), accuracy with 95% intervals, the router against the cross-validated best fixed
// strategy, the held-out comparison and the efficiency ratio vs weighted best-of-N with its interval.
// Usage: node --import tsx bench/eval.bench.ts [--limit N] [--seeds 0,1,2] (default: all 500 problems, seed 0; it takes a while)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, MATH500, startSim } from '../test/helpers/sim';
import type { Summary } from '../src/eval/summary';

const { values } = parseArgs({ options: { limit: { type: 'string' }, concurrency: { type: 'string' }, seeds: { type: 'string' } } });
const limit = values.limit ?? '500';
const seeds = values.seeds ?? '0';
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
    console.log(
      `eval bench: MATH-500 first ${limit} problems, budgets ${BUDGETS}, seeds ${seeds}, concurrency ${concurrency}, on ponder sim (simulated)`,
    );
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
      '--seed',
      seeds.split(',')[0],
      '--out',
      join(dir, 'pool'),
      '--json',
      ...endpoint,
    ]);
    console.log(`baseline (pool only: one 64-sample pool per problem, one seed): ${pool.seconds.toFixed(1)} s`);
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
      '--seeds',
      seeds,
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
    const pct = (x: number) => (100 * x).toFixed(1);
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;
    const cell = (value: number, [low, high]: [number, number], show = pct) => `${show(value)} [${show(low)}, ${show(high)}]`;
    const row = (name: string, cells: string[]) => console.log(`  ${name.padEnd(36)} ${cells.join('  ')}`);
    console.log(`accuracy % [95% interval] over ${summary.dataset.problems} problems x ${summary.seeds.length} seed(s)`);
    row('budget', summary.budgets.map(String));
    for (const s of summary.strategies)
      row(
        s,
        summary.budgets.map((b) => cell(summary.accuracy[s][String(b)], summary.accuracyInterval[s][String(b)])),
      );
    row(
      'best fixed (cross-validated)',
      summary.fixedBaseline.curve.map((p) => cell(p.accuracy, p.interval)),
    );
    for (const binning of ['predicted', 'oracle'] as const) {
      const co = summary.computeOptimal[binning];
      row(
        `router (${binning} bins)`,
        co.curve.map((p) => cell(p.accuracy, p.interval)),
      );
      row(
        `router (${binning}) - best fixed (cv)`,
        co.versusFixed.map((d) => cell(d.difference, d.interval, signed)),
      );
    }
    for (const binning of ['predicted', 'oracle'] as const) {
      const h = summary.efficiency.headline[binning];
      const open = (x: number | null) => (x === null ? 'unbounded' : `${x.toFixed(2)}x`);
      console.log(
        h
          ? `efficiency vs weighted-best-of-n (${binning} bins): it needs ${h.baselineBudget} for ${pct(h.baselineAccuracy)}%, compute-optimal ${h.optimalBudget.toFixed(2)}: ${h.ratio.toFixed(2)}x (${h.bound}; 95% interval [${open(h.interval[0])}, ${open(h.interval[1])}])`
          : `efficiency (${binning}): n/a`,
      );
    }
    // Calibrate reads one seed's results (a pooled folder holds each seed's in seed-S/).
    const calibrated = summary.seeds.length > 1 ? join(dir, 'all', `seed-${summary.seeds[0]}`) : join(dir, 'all');
    const cal = timed('calibrate', ['calibrate', '--eval', calibrated, '--out', join(dir, 'policy.json'), '--folds', '2']);
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
