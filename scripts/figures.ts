// `npm run figures`: reproduces the README's measured figures in one command. On the first 100 MATH-500
// problems (those of the real recordings) it evaluates every strategy against `ponder sim` with its fitted
// profile over three seeds, then measures the real recordings in ../shared/data/real through strict replay
// (real text, real PRM scores, nothing simulated), and writes the tables with their 95% intervals to
// DIR/figures.md (and, with --readme, into README.md between its figures markers). Options: --out DIR
// (default .figures), --limit N (fewer problems: a quick look, not the README's figures), --seeds LIST
// (default 0,1,2), --reuse (an evaluation whose summary.json is already in DIR is read, not run again: to
// rewrite the tables after a change to this script), --port P (the simulators listen on P, P+1, P+2; fixed
// ports keep the endpoints, and so the eval cache's keys, the same across runs: an interrupted
// `npm run figures` resumes; default 18431).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Summary } from '../src/eval/summary';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DATA = join(ROOT, '..', 'shared', 'data');
const MATH500 = join(DATA, 'math500.jsonl');
const REAL_BEAMS = join(DATA, 'real', 'llama32-3b-beam-math500-first100-n16-prm.jsonl');
const REAL_SAMPLES = join(DATA, 'real', 'llama31-8b-math500-first100-n44.jsonl');
const SIM_STRATEGIES = 'majority,best-of-n,weighted-best-of-n,beam,lookahead,revisions';
const SIM_BUDGETS = '1,2,4,8,16,32,64';
const BEAM_STRATEGIES =
  'majority,best-of-n,weighted-best-of-n,weighted-best-of-n:stepAggregation=min,weighted-best-of-n:stepAggregation=product';
const BEAM_BUDGETS = '1,2,4,8,16';
const SAMPLE_BUDGETS = '1,2,4,8,16,32';
const MARKERS = ['<!-- figures:start -->', '<!-- figures:end -->'] as const;
const STRICT_REPLAY_ARGS = ['--probe', '0', '--concurrency', '64', '--chunk', '64', '--max-tokens', '8192'];

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    limit: { type: 'string' },
    seeds: { type: 'string' },
    readme: { type: 'boolean' },
    reuse: { type: 'boolean' },
    port: { type: 'string' },
  },
});
const firstPort = Number(values.port ?? 18431);
if (!Number.isInteger(firstPort) || firstPort < 1024 || firstPort > 65533)
  throw new Error(`--port takes a port from 1024 to 65533, got ${values.port}`);
const out = values.out ?? join(ROOT, '.figures');
const seeds = values.seeds ?? '0,1,2';
// The recordings hold the first 100 MATH-500 problems: the simulated figures are on the same ones.
const limit = ['--limit', values.limit ?? '100'];
if (values.readme && values.limit) throw new Error('--readme writes the README figures, which are over all 100 problems: drop --limit');
for (const file of [MATH500, REAL_BEAMS, REAL_SAMPLES])
  if (!existsSync(file)) throw new Error(`${file} is missing: the figures read the shared data next to the repository (../shared/data)`);
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run figures does)`);

interface Sim {
  url: string;
  origin: string;
  child: ChildProcess;
}

/** Starts `ponder sim` with `args` and waits for the URL it prints first. */
async function startSim(args: string[], port: number): Promise<Sim> {
  const child = spawn(process.execPath, [CLI, 'sim', '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout! }), 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`ponder sim ${args.join(' ')} exited before printing its URL (is port ${port} taken? choose others with --port P)`);
    }),
  ])) as [string];
  const url = line.trim();
  return { url, origin: url.replace(/\/v1\/?$/, ''), child };
}

async function withSim<T>(args: string[], port: number, fn: (sim: Sim) => T): Promise<T> {
  const sim = await startSim(args, port);
  try {
    return fn(sim);
  } finally {
    sim.child.kill('SIGTERM');
    await once(sim.child, 'exit');
  }
}

function cli(args: string[]): void {
  console.log(`\n$ ponder ${args.join(' ')}`);
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`ponder ${args[0]} exited with ${run.status ?? run.signal}`);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const pct = (x: number) => (100 * x).toFixed(1);
const interval = ([low, high]: readonly [number, number]) => `[${pct(low)}, ${pct(high)}]`;
const cell = (value: number, range: readonly [number, number]) => `${pct(value)} ${interval(range)}`;

/** A markdown table: strategies (and the router rows) by budget, each accuracy with its interval. */
function accuracyTable(summary: Summary, withRouter: boolean): string {
  const budgets = summary.budgets;
  const rows = [`| accuracy % [95% CI] | ${budgets.join(' | ')} |`, `|---|${budgets.map(() => '---').join('|')}|`];
  for (const strategy of summary.strategies)
    rows.push(
      `| ${strategy} | ${budgets.map((b) => cell(summary.accuracy[strategy][b], summary.accuracyInterval[strategy][b])).join(' | ')} |`,
    );
  if (withRouter) {
    const router = summary.computeOptimal.predicted;
    const at = <P extends { budget: number }>(points: P[], b: number) => points.find((p) => p.budget === b);
    rows.push(
      `| router, held out (${summary.folds}-fold) | ${budgets
        .map((b) => {
          const p = at(router.curve, b);
          return p ? cell(p.accuracy, p.interval) : 'n/a';
        })
        .join(' | ')} |`,
    );
    rows.push(
      `| best fixed strategy, held out | ${budgets
        .map((b) => {
          const p = summary.fixedBaseline.curve.find((q) => q.budget === b);
          return p ? `${cell(p.accuracy, p.interval)} (${p.strategy})` : 'n/a';
        })
        .join(' | ')} |`,
    );
    rows.push(
      `| router minus best fixed | ${budgets
        .map((b) => {
          const d = router.versusFixed.find((q) => q.budget === b);
          return d ? `${d.difference >= 0 ? '+' : ''}${cell(d.difference, d.interval)}` : 'n/a';
        })
        .join(' | ')} |`,
    );
  }
  return rows.join('\n');
}

function headline(summary: Summary): string {
  const h = summary.efficiency.headline.predicted;
  const baseline = summary.efficiency.baseline;
  if (!h) return `The router does not reach ${baseline}'s accuracy at its largest budget within the budgets swept.`;
  const [low, high] = h.interval;
  const range = `[${low.toFixed(2)}x, ${high === null ? 'unbounded' : `${high.toFixed(2)}x`}]`;
  return (
    `Efficiency (predicted bins, probe counted): the router reaches ${baseline}'s ${pct(h.baselineAccuracy)}% at ` +
    `${h.baselineBudget} generations with ${h.optimalBudget.toFixed(1)}: ${h.ratio.toFixed(2)}x (${h.bound}), 95% interval ${range}.`
  );
}

/** Starts `ponder sim` with `simArgs`, runs `ponder eval` against it into `dir`, and reads its summary. */
async function evaluate(
  port: number,
  simArgs: string[],
  dataset: string,
  budgets: string,
  strategies: string,
  dir: string,
  extra: string[],
): Promise<Summary> {
  const summaryPath = join(dir, 'summary.json');
  if (values.reuse && existsSync(summaryPath)) {
    console.log(`\n${summaryPath}: reused (--reuse)`);
    return readJson<Summary>(summaryPath);
  }
  await withSim(simArgs, port, (sim) => {
    const verifier = extra.includes('--verifier-kind') ? [] : ['--verifier-url', sim.origin, '--verifier-model', 'ponder-sim-prm'];
    cli([
      'eval',
      '--dataset',
      dataset,
      '--budgets',
      budgets,
      '--strategies',
      strategies,
      ...limit,
      ...extra,
      '--out',
      dir,
      '--policy-url',
      sim.url,
      ...verifier,
    ]);
  });
  return readJson<Summary>(summaryPath);
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const sections: string[] = [];

  const simSummary = await evaluate(firstPort, ['--problems', MATH500], MATH500, SIM_BUDGETS, SIM_STRATEGIES, join(out, 'sim'), [
    '--seeds',
    seeds,
    '--concurrency',
    '16',
  ]);
  sections.push(
    `### Simulated: MATH-500 on \`ponder sim\` (fitted profile), seeds ${simSummary.seeds.join(', ')}\n\n` +
      `${simSummary.dataset.problems} problems. Simulated figures: they say how the strategies behave on a simulator fitted to real recordings, not how a real model does.\n\n` +
      `${accuracyTable(simSummary, true)}\n\n${headline(simSummary)}`,
  );

  // Strict replay serves the k-th recording as the k-th choice of one request: no probe before the samples,
  // and every sample of a budget (and the pool) in one request (docs/replay.md).
  const beams = await evaluate(
    firstPort + 1,
    ['--replay', REAL_BEAMS, '--strict'],
    REAL_BEAMS,
    BEAM_BUDGETS,
    BEAM_STRATEGIES,
    join(out, 'real-beams'),
    STRICT_REPLAY_ARGS,
  );
  sections.push(
    `### Real: Llama-3.2-3B-Instruct's beams with real PRM scores (strict replay)\n\n` +
      `${beams.dataset.problems} MATH-500 problems, the 16 recorded beams each, scored by RLHFlow/Llama3.1-8B-PRM-Deepseek-Data as recorded. The bare strategies average random subsets of the 16 beams at each budget (the paper's method); the \`stepAggregation\` variants take the first N beams, as the recordings' own \`pred_weighted@N\` do, and equal them.\n\n${accuracyTable(beams, false)}`,
  );

  const samples = await evaluate(
    firstPort + 2,
    ['--replay', REAL_SAMPLES, '--strict'],
    REAL_SAMPLES,
    SAMPLE_BUDGETS,
    'majority',
    join(out, 'real-samples'),
    [...STRICT_REPLAY_ARGS, '--verifier-kind', 'none'],
  );
  sections.push(
    `### Real: Llama-3.1-8B-Instruct's samples (strict replay, no verifier)\n\n` +
      `${samples.dataset.problems} MATH-500 problems, 44 recorded samples each.\n\n${accuracyTable(samples, false)}`,
  );

  const markdown = `${sections.join('\n\n')}\n\nReproduce: \`npm run figures\` (add \`-- --readme\` to write them here).\n`;
  writeFileSync(join(out, 'figures.md'), markdown);
  console.log(`\n${markdown}\nwritten to ${join(out, 'figures.md')}`);
  if (values.readme) {
    const readmePath = join(ROOT, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const [start, end] = [readme.indexOf(MARKERS[0]), readme.indexOf(MARKERS[1])];
    if (start < 0 || end < start) throw new Error(`README.md has no ${MARKERS.join(' ... ')} section to write the figures into`);
    writeFileSync(readmePath, `${readme.slice(0, start + MARKERS[0].length)}\n${markdown}${readme.slice(end)}`);
    console.log('README.md: figures updated');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
