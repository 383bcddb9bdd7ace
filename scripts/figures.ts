// `npm run figures`: reproduces the README's measured figures in one command. On the first 100 MATH-500
// problems (those of the real recordings) it evaluates every strategy against `ponder sim` with its fitted
// profile over three seeds, then measures the real recordings in ../shared/data/real through strict replay
// (real text, real PRM scores, nothing simulated), and writes the tables with their 95% intervals to
// DIR/figures.md (and, with --readme, into README.md between its figures markers). Options: --out DIR
// (default .figures), --limit N (fewer problems: a quick look, not the README's figures), --seeds LIST
// (default 0,1,2), --reuse (an evaluation whose summary.json is already in DIR is read, not run again: to
// rewrite the tables after a change to this script), --port P (the simulators listen on P .. P+7; fixed
// ports keep the endpoints, and so the eval cache's keys, the same across runs: an interrupted
// `npm run figures` resumes; default 18431).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { cellMean, emptyCell, gridBootstrap, percentileInterval } from '../src/eval/bootstrap';
import { correctValue, readResults, type ResultLine } from '../src/eval/results';
import { compareRouters, type PairedFigure } from '../src/eval/routerComparison';
import { baselineCostText } from '../src/eval/report';
import { analyseSeed, BOOTSTRAP_RESAMPLES, headlineBudget, type SeedAnalysis, type Summary } from '../src/eval/summary';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DATA = join(ROOT, '..', 'shared', 'data');
const MATH500 = join(DATA, 'math500.jsonl');
const REAL_BEAMS = join(DATA, 'real', 'llama32-3b-beam-math500-first100-n16-prm.jsonl');
const REAL_SAMPLES = join(DATA, 'real', 'llama31-8b-math500-first100-n44.jsonl');
const SIM_STRATEGIES = 'majority,best-of-n,weighted-best-of-n,beam,lookahead,revisions';
/** 128 past the headline's 64: with adaptive stopping a ceiling above 64 can still spend less than 64. */
const SIM_BUDGETS = '1,2,4,8,16,32,64,128';
const BEAM_STRATEGIES =
  'majority,best-of-n,weighted-best-of-n,weighted-best-of-n:stepAggregation=min,weighted-best-of-n:stepAggregation=product';
const BEAM_BUDGETS = '1,2,4,8,16';
const SAMPLE_BUDGETS = '1,2,4,8,16,32';
const MARKERS = ['<!-- figures:start -->', '<!-- figures:end -->'] as const;
const STRICT_REPLAY_ARGS = ['--probe', '0', '--concurrency', '64', '--chunk', '64', '--max-tokens', '8192'];
/** Adaptive compute: the confidence at which a vote counts as settled, the low-gain thresholds tried with it, and the ceilings measured. */
const SETTLE = 0.95;
const GAINS = [0.02, 0.05];
const SETTLE_SAMPLE_BUDGETS = '16,44';
const SETTLE_BEAM_BUDGETS = '16';
/** The adaptive variants measured on the 8B samples, each beside its fixed twin (`settle=0`). */
const SAMPLE_SETTLE_STRATEGIES = `majority:settle=0|${SETTLE},majority:settle=${SETTLE}:gainBelow=${GAINS.join('|')}`;
/** The adaptive variants measured on the beams, each beside its fixed twin (`settle=0`). */
const BEAM_SETTLE_STRATEGIES = `weighted-best-of-n:settle=0|${SETTLE},weighted-best-of-n:settle=${SETTLE}:gainBelow=${GAINS.join('|')},majority:settle=0|${SETTLE},best-of-n:settle=0|${SETTLE}`;
/** Each rule's thresholds over a wide range on the 8B samples at a ceiling of 16: how far each goes towards 40% of it. */
const FRONTIER_SETTLES = [0.8, 0.9, SETTLE];
const FRONTIER_GAINS = [0.01, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1];
const FRONTIER_STRATEGIES = `majority:settle=0|${FRONTIER_SETTLES.join('|')},majority:settle=${SETTLE}:gainBelow=${FRONTIER_GAINS.join('|')}`;
/** The recordings again in random orders (`ponder sim --shuffle`), one per seed: an adaptive run's first waves a random subset, as an independent run's are. */
const SHUFFLED_SEEDS = '0,1,2,3,4,5,6,7,8,9';

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
if (!Number.isInteger(firstPort) || firstPort < 1024 || firstPort > 65528)
  throw new Error(`--port takes a port from 1024 to 65528, got ${values.port}`);
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

/** Where a seed's results lines are: the eval's own file, or its seed's folder when several seeds were pooled (the pooled file holds none). */
function resultsFile(dir: string, summary: Summary, seed: string): string {
  return summary.seeds.length === 1 ? join(dir, 'results.jsonl') : join(dir, `seed-${seed}`, 'results.jsonl');
}

/** Every results line of an eval, its problem keyed `seed/unique_id`. */
function resultLines(dir: string, summary: Summary): ResultLine[] {
  return summary.seeds.flatMap((seed) =>
    readResults(resultsFile(dir, summary, seed)).map((l) => ({ ...l, unique_id: `${seed}/${l.unique_id}` })),
  );
}

/** The lines of `strategy` at `budget`. */
function linesAt(lines: readonly ResultLine[], strategy: string, budget: number): ResultLine[] {
  return lines.filter((l) => l.strategy === strategy && l.budget === budget);
}

/** Per seed/problem outcome of `strategy` at `budget`. */
function outcomes(lines: readonly ResultLine[], strategy: string, budget: number): Map<string, number> {
  return new Map(linesAt(lines, strategy, budget).map((l) => [l.unique_id, correctValue(l)]));
}

/**
 * `adaptive` minus `fixed` (both keyed `seed/unique_id`), paired, in points, with its 95% interval from the
 * eval's own bootstrap: problems resampled, then each drawn problem's seeds (several orders of one problem are
 * not independent problems).
 */
function pairedCell(adaptive: Map<string, number>, fixed: Map<string, number>, seeds: readonly string[]): string {
  const problem = (key: string) => key.slice(key.indexOf('/') + 1);
  const ids = [...new Set([...fixed.keys()].map(problem))];
  const grid = { problems: ids.length, seeds: seeds.length };
  const difference = emptyCell(grid);
  ids.forEach((id, i) =>
    seeds.forEach((seed, s) => {
      const [a, f] = [adaptive.get(`${seed}/${id}`), fixed.get(`${seed}/${id}`)];
      if (a === undefined || f === undefined) return;
      difference.values[i * grid.seeds + s] = a - f;
      difference.counts[i * grid.seeds + s] = 1;
    }),
  );
  const [low, high] = percentileInterval(gridBootstrap([difference], grid, { resamples: BOOTSTRAP_RESAMPLES, seed: 'adaptive' })[0]);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;
  return `${signed(cellMean(difference))} [${signed(low)}, ${signed(high)}]`;
}

/** "6.2 (39%; 4 / 4 / 4 / 8 / 16)": mean generations spent, share of the ceiling, min / quartiles / max. */
function spentCell(summary: Summary, strategy: string, budget: number): string {
  const cell = summary.spent?.[strategy]?.[budget];
  return cell ? `${cell.mean.toFixed(1)} (${Math.round(100 * cell.share)}%; ${cell.quartiles.join(' / ')})` : 'n/a';
}

/**
 * "1 of 57 (1.8%)": of the runs that stopped before the ceiling, how many gave another answer than their fixed
 * twin. A settled vote claims at most 1 - confidence of them; more says the posterior is overconfident.
 */
function changedCell(lines: readonly ResultLine[], fixed: string, adaptive: string, budget: number): string {
  const fixedAnswers = new Map(linesAt(lines, fixed, budget).map((l) => [l.unique_id, l.answer]));
  const early = linesAt(lines, adaptive, budget).filter((l) => l.usage.generations < budget && fixedAnswers.has(l.unique_id));
  const changed = early.filter((l) => l.answer !== fixedAnswers.get(l.unique_id)).length;
  return early.length ? `${changed} of ${early.length} (${pct(changed / early.length)}%)` : 'none stopped early';
}

/** One row of the adaptive table: the adaptive variant against the fixed one at a ceiling, paired. */
function adaptiveRow(data: string, dir: string, summary: Summary, fixed: string, adaptive: string, budget: number): string {
  const lines = resultLines(dir, summary);
  const acc = (s: string) => cell(summary.accuracy[s][budget], summary.accuracyInterval[s][budget]);
  return `| ${data} | ${fixed} → ${adaptive} | ${budget} | ${acc(fixed)} | ${acc(adaptive)} | ${pairedCell(outcomes(lines, adaptive, budget), outcomes(lines, fixed, budget), summary.seeds)} | ${spentCell(summary, adaptive, budget)} | ${changedCell(lines, fixed, adaptive, budget)} |`;
}

/** Each seed's held-out router, analysed again from the eval's results lines as its summary was. */
function seedAnalyses(dir: string, summary: Summary): SeedAnalysis[] {
  return summary.seeds.map((seed) => analyseSeed({ seed, lines: readResults(resultsFile(dir, summary, seed)) }, summary));
}

/** "-8.3 [-10.1, -6.4]": a paired difference with its interval; "never" where a router does not reach the target. */
function differenceCell(f: PairedFigure, scale = 1): string {
  const n = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(scale * x).toFixed(1)}` : x > 0 ? 'never' : '-never');
  return `${n(f.value)} [${n(f.interval[0])}, ${n(f.interval[1])}]`;
}

/** "88.7 [26.8, never]": mean generations to reach the target, "never" where the sweep does not reach it. */
function reachCell(f: PairedFigure): string {
  const n = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'never');
  return `${n(f.value)} [${n(f.interval[0])}, ${n(f.interval[1])}]`;
}

/**
 * The router with adaptive stopping (its majority, best-of-N and weighted best-of-N stop when settled) against the router
 * without, per budget, paired by seed and problem (routerComparison.ts); weighted best-of-N adaptive (engine
 * runs) against fixed (the pool's subsets); and the generations each router spends to reach weighted
 * best-of-N's accuracy at the headline budget.
 */
function adaptiveRouterSection(fixedDir: string, fixed: Summary, adaptiveDir: string, adaptive: Summary): string {
  const at = headlineBudget(fixed.budgets);
  const w = fixed.efficiency.baseline;
  const comparison = compareRouters(seedAnalyses(fixedDir, fixed), seedAnalyses(adaptiveDir, adaptive), {
    baseline: w,
    at,
    resamples: fixed.intervals.resamples,
    seed: 'adaptive-router',
  });
  const rows = [
    `| budget (ceiling) | router % | router with adaptive stopping % | with minus without, points [95% paired CI] | generations the adaptive router spent, mean [95% CI] | with minus without, generations [95% paired CI] | ${w}: fixed % | adaptive % | adaptive minus fixed, points [95% paired CI] | adaptive spent |`,
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const [fixedLines, adaptiveLines] = [resultLines(fixedDir, fixed), resultLines(adaptiveDir, adaptive)];
  for (const [i, budget] of adaptive.budgets.entries()) {
    const before = fixed.computeOptimal.predicted.curve[i];
    const after = adaptive.computeOptimal.predicted.curve[i];
    const spent = adaptive.computeOptimal.predicted.spent?.[i];
    const paired = comparison.budgets[i];
    rows.push(
      `| ${budget} | ${cell(before.accuracy, before.interval)} | ${cell(after.accuracy, after.interval)} | ${differenceCell(paired.accuracy, 100)} | ${spent ? `${spent.mean.toFixed(1)} [${spent.interval[0].toFixed(1)}, ${spent.interval[1].toFixed(1)}]` : 'n/a'} | ${differenceCell(paired.spent)} | ${cell(fixed.accuracy[w][budget], fixed.accuracyInterval[w][budget])} | ${cell(adaptive.accuracy[w][budget], adaptive.accuracyInterval[w][budget])} | ${pairedCell(outcomes(adaptiveLines, w, budget), outcomes(fixedLines, w, budget), adaptive.seeds)} | ${spentCell(adaptive, w, budget)} |`,
    );
  }
  const { reach } = comparison;
  const saved = reach.saved.interval[0] > 0 ? 'fewer beyond the interval' : 'not fewer beyond the interval';
  return (
    `${rows.join('\n')}\n\n` +
    `Generations the router spends on average to reach ${w}@${at}'s ${pct(reach.target.value)}% ` +
    `(each router's points interpolated in log2 of the mean generations spent, as the efficiency headline is; 95% intervals from one bootstrap ` +
    `over the ${comparison.problems} problems and their ${comparison.seeds} seeds that resamples both evals and the target together, so the difference is paired; ` +
    `a router that does not reach the target in a resample counts as never): without stopping ${reachCell(reach.first)}, ` +
    `with adaptive stopping ${reachCell(reach.second)}; saved with stopping ${differenceCell(reach.saved)}, ${saved}` +
    `${reach.neitherReached ? ` (${reach.neitherReached} of ${comparison.resamples} resamples, in which neither reaches it, left out)` : ''}.`
  );
}

function headline(summary: Summary): string {
  const h = summary.efficiency.headline.predicted;
  const baseline = summary.efficiency.baseline;
  if (!h) return `The router does not reach ${baseline}'s accuracy at its largest budget within the budgets swept.`;
  const [low, high] = h.interval;
  const range = `[${low.toFixed(2)}x, ${high === null ? 'unbounded' : `${high.toFixed(2)}x`}]`;
  return (
    `Efficiency (predicted bins, probe counted): the router reaches ${baseline}'s ${pct(h.baselineAccuracy)}% at ` +
    `${baselineCostText(h)} with ${h.optimalBudget.toFixed(1)}: ${h.ratio.toFixed(2)}x (${h.bound}), 95% interval ${range}.`
  );
}

/**
 * `ponder eval` of a real recording through strict replay, in file order or (shuffled) in one random order per
 * seed of SHUFFLED_SEEDS; `scored`: the recording has step scores for the verifier.
 */
function replayEval(
  port: number,
  recording: string,
  budgets: string,
  strategies: string,
  dir: string,
  { scored, shuffled = false }: { scored: boolean; shuffled?: boolean },
): Promise<Summary> {
  const simArgs = ['--replay', recording, '--strict', ...(shuffled ? ['--shuffle'] : [])];
  return evaluate(port, simArgs, recording, budgets, strategies, dir, [
    ...STRICT_REPLAY_ARGS,
    ...(scored ? [] : ['--verifier-kind', 'none']),
    ...(shuffled ? ['--seeds', SHUFFLED_SEEDS] : []),
  ]);
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
  const beams = await replayEval(firstPort + 1, REAL_BEAMS, BEAM_BUDGETS, BEAM_STRATEGIES, join(out, 'real-beams'), { scored: true });
  sections.push(
    `### Real: Llama-3.2-3B-Instruct's beams with real PRM scores (strict replay)\n\n` +
      `${beams.dataset.problems} MATH-500 problems, the 16 recorded beams each, scored by RLHFlow/Llama3.1-8B-PRM-Deepseek-Data as recorded. The bare strategies average random subsets of the 16 beams at each budget (the paper's method); the \`stepAggregation\` variants take the first N beams, as the recordings' own \`pred_weighted@N\` do, and equal them.\n\n${accuracyTable(beams, false)}`,
  );

  const samples = await replayEval(firstPort + 2, REAL_SAMPLES, SAMPLE_BUDGETS, 'majority', join(out, 'real-samples'), { scored: false });
  sections.push(
    `### Real: Llama-3.1-8B-Instruct's samples (strict replay, no verifier)\n\n` +
      `${samples.dataset.problems} MATH-500 problems, 44 recorded samples each.\n\n${accuracyTable(samples, false)}`,
  );

  // Adaptive compute: the same recordings and simulator, the budget a ceiling that a settled vote stops under.
  const settledSamplesDir = join(out, 'real-samples-settled');
  const settledSamples = await replayEval(firstPort + 3, REAL_SAMPLES, SETTLE_SAMPLE_BUDGETS, SAMPLE_SETTLE_STRATEGIES, settledSamplesDir, {
    scored: false,
  });
  const settledBeamsDir = join(out, 'real-beams-settled');
  const settledBeams = await replayEval(firstPort + 4, REAL_BEAMS, SETTLE_BEAM_BUDGETS, BEAM_SETTLE_STRATEGIES, settledBeamsDir, {
    scored: true,
  });
  // The 8B samples in ten random orders too: the fixed majority@16 then averages ten subsets of the 44, as
  // the adaptive runs do, and neither rests on one order of the file.
  const shuffledSamplesDir = join(out, 'real-samples-shuffled');
  const shuffledSamples = await replayEval(
    firstPort + 6,
    REAL_SAMPLES,
    SETTLE_SAMPLE_BUDGETS,
    SAMPLE_SETTLE_STRATEGIES,
    shuffledSamplesDir,
    {
      scored: false,
      shuffled: true,
    },
  );
  // The recorded order is beam search's (siblings side by side), so the first waves share their prefixes; an
  // independent run's first samples are a random subset. The same eval in ten seeded random orders.
  const shuffledBeamsDir = join(out, 'real-beams-shuffled');
  const shuffledBeams = await replayEval(firstPort + 5, REAL_BEAMS, SETTLE_BEAM_BUDGETS, BEAM_SETTLE_STRATEGIES, shuffledBeamsDir, {
    scored: true,
    shuffled: true,
  });
  const frontierDir = join(out, 'real-samples-frontier');
  const frontier = await replayEval(firstPort + 7, REAL_SAMPLES, '16', FRONTIER_STRATEGIES, frontierDir, { scored: false, shuffled: true });
  // The simulated eval again with --stop-when-settled: majority, best-of-N and weighted best-of-N run through the
  // engine and stop when settled; the other strategies' runs are unchanged, so the fixed eval's cache serves them.
  const settledSimDir = join(out, 'sim-settled');
  mkdirSync(settledSimDir, { recursive: true });
  if (!existsSync(join(settledSimDir, 'cache.jsonl')) && existsSync(join(out, 'sim', 'cache.jsonl')))
    copyFileSync(join(out, 'sim', 'cache.jsonl'), join(settledSimDir, 'cache.jsonl'));
  const settledSim = await evaluate(firstPort, ['--problems', MATH500], MATH500, SIM_BUDGETS, SIM_STRATEGIES, settledSimDir, [
    '--seeds',
    seeds,
    '--concurrency',
    '16',
    '--stop-when-settled',
    String(SETTLE),
  ]);
  const m = (c: number, gain?: number) => `majority:settle=${c}${gain ? `:gainBelow=${gain}` : ''}`;
  const w = (c: number, gain?: number) => `weighted-best-of-n:settle=${c}${gain ? `:gainBelow=${gain}` : ''}`;
  const SHUFFLED = `Llama-3.2-3B beams, real PRM, ${shuffledBeams.seeds.length} random orders`;
  sections.push(
    `### Adaptive compute: stop when the vote is settled (confidence ${SETTLE}), or when drawing on gains little\n\n` +
      `Each fixed run and its adaptive twin see the same recordings in the same order (strict replay: an adaptive run's samples are the first ones the fixed run draws), so the difference is paired by problem. Generations spent: mean per problem, its share of the ceiling, then min / quartiles / max. The last column checks the rule's own claim: a run stops when its leader keeps the lead to the ceiling with probability ${SETTLE}, so at most ${pct(1 - SETTLE)}% of early stops should end on another answer than the fixed run. Rows in random orders serve each problem's recordings in a seeded random order, one per seed (\`ponder sim --replay F --strict --shuffle\`): the beams' recorded order is beam search's, siblings side by side, and for the samples the ten orders average over which 16 of the 44 a run sees; their intervals resample problems, then each problem's orders. Rows with \`gainBelow=G\` add the gain rule (stop once drawing to the ceiling would raise the chance of a right answer by less than G), which gives up on scattered votes on purpose, so that bound is not its claim.\n\n` +
      `| data | fixed → adaptive | ceiling | fixed accuracy % [95% CI] | adaptive accuracy % [95% CI] | adaptive minus fixed, points [95% paired CI] | generations spent | stopped early with another answer than the fixed run |\n|---|---|---|---|---|---|---|---|\n` +
      [
        ...settledSamples.budgets.flatMap((b) =>
          [undefined, ...GAINS].map((g) => adaptiveRow('Llama-3.1-8B samples', settledSamplesDir, settledSamples, m(0), m(SETTLE, g), b)),
        ),
        ...shuffledSamples.budgets.flatMap((b) =>
          [undefined, ...GAINS].map((g) =>
            adaptiveRow(
              `Llama-3.1-8B samples, ${shuffledSamples.seeds.length} random orders`,
              shuffledSamplesDir,
              shuffledSamples,
              m(0),
              m(SETTLE, g),
              b,
            ),
          ),
        ),
        ...settledBeams.budgets.flatMap((b) =>
          [undefined, ...GAINS].map((g) =>
            adaptiveRow('Llama-3.2-3B beams, real PRM', settledBeamsDir, settledBeams, w(0), w(SETTLE, g), b),
          ),
        ),
        ...settledBeams.budgets.map((b) => adaptiveRow('Llama-3.2-3B beams', settledBeamsDir, settledBeams, m(0), m(SETTLE), b)),
        ...settledBeams.budgets.map((b) =>
          adaptiveRow('Llama-3.2-3B beams, real PRM', settledBeamsDir, settledBeams, `best-of-n:settle=0`, `best-of-n:settle=${SETTLE}`, b),
        ),
        ...shuffledBeams.budgets.flatMap((b) => [
          ...[undefined, ...GAINS].map((g) => adaptiveRow(SHUFFLED, shuffledBeamsDir, shuffledBeams, w(0), w(SETTLE, g), b)),
          adaptiveRow(SHUFFLED, shuffledBeamsDir, shuffledBeams, m(0), m(SETTLE), b),
          adaptiveRow(SHUFFLED, shuffledBeamsDir, shuffledBeams, `best-of-n:settle=0`, `best-of-n:settle=${SETTLE}`, b),
        ]),
      ].join('\n') +
      `\n\nHow far each rule goes at a ceiling of 16 on the 8B samples, every threshold over a wide range, in the same ${frontier.seeds.length} random orders (a frontier measured on the same recordings, so no threshold here is chosen by it):\n\n` +
      `| data | fixed → adaptive | ceiling | fixed accuracy % [95% CI] | adaptive accuracy % [95% CI] | adaptive minus fixed, points [95% paired CI] | generations spent | stopped early with another answer than the fixed run |\n|---|---|---|---|---|---|---|---|\n` +
      [...FRONTIER_SETTLES.map((c) => m(c)), ...FRONTIER_GAINS.map((g) => m(SETTLE, g))]
        .map((v) => adaptiveRow(`Llama-3.1-8B samples, ${frontier.seeds.length} random orders`, frontierDir, frontier, m(0), v, 16))
        .join('\n') +
      `\n\nOn the fitted simulator (${settledSim.dataset.problems} problems, seeds ${settledSim.seeds.join(', ')}), the held-out router (predicted bins) with \`--stop-when-settled ${SETTLE}\` against the router without; weighted best-of-N's fixed accuracy at 64 is the baseline of the efficiency headline:\n\n` +
      adaptiveRouterSection(join(out, 'sim'), simSummary, settledSimDir, settledSim) +
      `\n\nWithin the adaptive eval, where weighted best-of-N stops too (generations spent on both sides): ${headline(settledSim)}`,
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
