// `ponder eval`: runs strategies over a data set (or scores ProcessBench steps with --task first-error)
// and writes results.jsonl, summary.json, report.md and plots/*.svg. Ctrl-C saves and exits within 2 s;
// the same command resumes from the cache in the output folder.
import { setMaxListeners } from 'node:events';
import { STRATEGY_NAMES, VERIFIER_STRATEGIES, type StrategyName } from '../../shared/strategies';
import { EngineBackend } from '../../eval/engineBackend';
import { evaluateFirstError, evaluateSolve, type EvalRequest, type Interruption } from '../../eval/evaluate';
import { barProgress, jsonProgress } from '../../eval/progress';
import { parseVariantList } from '../../eval/variants';
import type { Summary } from '../../eval/summary';
import type { FirstErrorSummary } from '../../eval/firstError';
import { ENDPOINT_HELP, parseCommand, UsageError } from '../view/engineCli';

const HELP = `Usage: ponder eval --dataset F --out DIR [--budgets 1,2,4,...] [--strategies a,b,...] [options]

  --dataset F         JSONL of {problem, answer, unique_id?, level?} (ProcessBench JSON with --task first-error)
  --out DIR           output folder: results.jsonl, summary.json, report.md, plots/*.svg, cache.jsonl
  --budgets LIST      budgets in generations (default 1,2,4,8,16,32,64)
  --strategies LIST   ${STRATEGY_NAMES.join(', ')}, auto (default majority,best-of-n,weighted-best-of-n),
                      or variants with parameters, each its own column: beam:width=16, lookahead:width=4:k=3,
                      and 'beam:width=2|4|16' for one variant per value (quote the |)
  --limit N           the first N problems only
  --seed S            seed of subset draws, bins' tie-breaks and folds; part of the cache key (default 0)
  --seeds LIST        several seeds (e.g. 0,1,2), run in turn and pooled: summary.json and report.md over all
                      of them (intervals over problems and seeds), each seed's own outputs in DIR/seed-S/
  --concurrency C     units of work in flight (pools, runs) and generations per run (default 8)
  --draws D           subsets averaged per budget for pool strategies (default 16)
  --folds K           cross-validation folds for the compute-optimal curve (default 2)
  --task T            solve (default) or first-error (ProcessBench: verifier step scores vs the earliest wrong step)
  --exchange DIR      an eval of a larger model on the same data: adds the compute-exchange table
  --large-parameters N  the larger model's parameters (else from DIR/summary.json); needs --policy-parameters
  --json              NDJSON progress on stdout and a final {"type":"summary"} line, no progress bar

Pool strategies (majority, best-of-n, weighted-best-of-n) at every budget come from one pool of the
largest budget's samples per problem (always drawn: the difficulty bins need it); the others run
through the engine once per budget. Interrupted work resumes: finished pool chunks and runs are cached.

${ENDPOINT_HELP}`;

const OWN = {
  dataset: { type: 'string' },
  out: { type: 'string' },
  budgets: { type: 'string' },
  strategies: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  seeds: { type: 'string' },
  draws: { type: 'string' },
  folds: { type: 'string' },
  task: { type: 'string' },
  exchange: { type: 'string' },
  'large-parameters': { type: 'string' },
  chunk: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function positiveInt(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} expects a positive integer, got '${String(raw)}'`);
  return n;
}

function parseBudgets(raw: unknown): number[] {
  const text = typeof raw === 'string' ? raw : '1,2,4,8,16,32,64';
  const budgets = text.split(',').map((b) => Number(b.trim()));
  if (budgets.some((b) => !Number.isInteger(b) || b < 1))
    throw new UsageError(`--budgets expects positive integers separated by commas, got '${text}'`);
  return [...new Set(budgets)].sort((a, b) => a - b);
}

function parseStrategies(raw: unknown, hasVerifier: boolean): string[] {
  const text = typeof raw === 'string' ? raw : 'majority,best-of-n,weighted-best-of-n';
  let variants;
  try {
    variants = parseVariantList(text);
  } catch (err) {
    throw new UsageError(`--strategies: ${err instanceof Error ? err.message : String(err)}`);
  }
  const needy = variants.filter((v) => (VERIFIER_STRATEGIES as readonly string[]).includes(v.strategy as StrategyName)).map((v) => v.label);
  if (!hasVerifier && needy.length) throw new UsageError(`${needy.join(', ')} need a verifier, and --verifier-kind is none`);
  if (variants.length === 0) throw new UsageError('--strategies is empty');
  return variants.map((v) => v.label);
}

/** `--seed S` is `--seeds S`; several seeds name their own output folders (DIR/seed-S), so they must be plain names. */
function parseSeeds(seed: unknown, seeds: unknown): string[] {
  if (seed !== undefined && seeds !== undefined) throw new UsageError('give either --seed S or --seeds LIST, not both');
  if (typeof seeds !== 'string') return [typeof seed === 'string' ? seed : '0'];
  const list = seeds.split(',').map((s) => s.trim());
  if (list.some((s) => s === '')) throw new UsageError(`--seeds expects seeds separated by commas, e.g. 0,1,2; got '${seeds}'`);
  if (new Set(list).size !== list.length) throw new UsageError(`--seeds lists a seed twice: '${seeds}'`);
  const bad = list.filter((s) => !/^[A-Za-z0-9_.-]+$/.test(s));
  if (list.length > 1 && bad.length)
    throw new UsageError(`--seeds: ${bad.join(', ')} cannot name a folder; use letters, digits, '.', '_' or '-'`);
  return list;
}

export async function run(args: string[]): Promise<number> {
  let request: EvalRequest;
  let task: 'solve' | 'first-error';
  let json: boolean;
  let backend: EngineBackend;
  try {
    const { values, settings, secrets } = parseCommand(args, OWN);
    if (values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (typeof values.dataset !== 'string') throw new UsageError('--dataset F is required');
    if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
    const taskName = values.task ?? 'solve';
    if (taskName !== 'solve' && taskName !== 'first-error')
      throw new UsageError(`--task expects solve or first-error, got '${String(taskName)}'`);
    task = taskName;
    json = values.json === true;
    const concurrency = positiveInt('concurrency', values.concurrency, 8);
    settings.budget.concurrency = concurrency;
    backend = new EngineBackend(settings, secrets);
    request = {
      dataset: values.dataset,
      outDir: values.out,
      budgets: parseBudgets(values.budgets),
      strategies: task === 'solve' ? parseStrategies(values.strategies, backend.hasVerifier) : [],
      limit: values.limit === undefined ? undefined : positiveInt('limit', values.limit, 0),
      seeds: parseSeeds(values.seed, values.seeds),
      jobs: concurrency,
      draws: positiveInt('draws', values.draws, 16),
      folds: positiveInt('folds', values.folds, 2),
      chunk: positiveInt('chunk', values.chunk, 16),
      settings,
      exchangeDir: typeof values.exchange === 'string' ? values.exchange : undefined,
      largeParameters: values['large-parameters'] === undefined ? undefined : Number(values['large-parameters']),
    };
    if (request.exchangeDir && request.seeds.length > 1)
      throw new UsageError('--exchange compares one eval with another: give a single --seed, not several --seeds');
    if (request.largeParameters !== undefined && !(request.largeParameters > 0))
      throw new UsageError('--large-parameters expects a positive number, e.g. 70e9');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ponder eval: ${err.message}\n\nRun 'ponder eval --help' for the options.\n`);
    return 2;
  }

  const interruption = sigintInterruption(request.jobs);
  const progress = json ? jsonProgress((l) => process.stdout.write(l)) : barProgress(process.stderr);
  try {
    const outcome = await (task === 'solve' ? evaluateSolve : evaluateFirstError)(backend, request, progress, interruption.handle);
    if (outcome.interrupted) {
      const message = `interrupted: ${outcome.done} of ${outcome.total} problems finished; finished work is saved in ${request.outDir}/cache.jsonl. Run the same command again to resume.`;
      if (json) process.stdout.write(JSON.stringify({ type: 'interrupted', done: outcome.done, total: outcome.total }) + '\n');
      process.stderr.write(`ponder eval: ${message}\n`);
      return 130;
    }
    if (json) process.stdout.write(JSON.stringify({ type: 'summary', outDir: request.outDir, summary: outcome.summary }) + '\n');
    else process.stdout.write(describe(outcome.summary, request.outDir));
    return 0;
  } catch (err) {
    if (interruption.handle.isStopping()) {
      process.stderr.write(
        `ponder eval: interrupted; finished work is saved in ${request.outDir}/cache.jsonl. Run the same command again to resume.\n`,
      );
      return 130;
    }
    process.stderr.write(`ponder eval: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    interruption.dispose();
  }
}

/** Ctrl-C: stop taking work at once, abort what is in flight after 1 s (so the exit stays under 2 s); a second Ctrl-C aborts at once. */
function sigintInterruption(jobs: number): { handle: Interruption; dispose(): void } {
  const controller = new AbortController();
  // Each unit of work in flight (at most `jobs`) listens to this signal once, plus a few one-off calls;
  // a bound, not 0, so that a leak (a listener per request) would still warn.
  setMaxListeners(jobs + 4, controller.signal);
  const listeners: (() => void)[] = [];
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const onSigint = () => {
    if (stopping) return controller.abort(new Error('interrupted'));
    stopping = true;
    listeners.forEach((l) => l());
    timer = setTimeout(() => controller.abort(new Error('interrupted')), 1000);
  };
  process.on('SIGINT', onSigint);
  return {
    handle: { isStopping: () => stopping, signal: controller.signal, onStop: (l) => listeners.push(l) },
    dispose() {
      clearTimeout(timer);
      process.off('SIGINT', onSigint);
    },
  };
}

function describe(summary: Summary | FirstErrorSummary, outDir: string): string {
  if (summary.task === 'first-error') {
    return `first-error: F1 ${(100 * summary.f1).toFixed(1)}% (error accuracy ${(100 * summary.errorAccuracy).toFixed(1)}%, correct accuracy ${(100 * summary.correctAccuracy).toFixed(1)}%)\nreport: ${outDir}/report.md\n`;
  }
  const s = summary;
  const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : (100 * x).toFixed(1));
  const cell = (value: number | undefined, interval: [number, number] | undefined) =>
    interval ? `${pct(value)} [${pct(interval[0])}, ${pct(interval[1])}]` : pct(value);
  const row = (name: string, cells: string[]) => `  ${name.padEnd(28)} ${cells.join('  ')}`;
  const rows = [
    row('budget', s.budgets.map(String)),
    ...s.strategies.map((name) =>
      row(
        name,
        s.budgets.map((b) => cell(s.accuracy[name]?.[String(b)], s.accuracyInterval[name]?.[String(b)])),
      ),
    ),
    row(
      'best fixed (cross-validated)',
      s.fixedBaseline.curve.map((p) => cell(p.accuracy, p.interval)),
    ),
    row(
      'compute-optimal (predicted)',
      s.computeOptimal.predicted.curve.map((p) => cell(p.accuracy, p.interval)),
    ),
  ];
  const h = s.efficiency.headline.predicted;
  const open = (x: number | null) => (x === null ? 'unbounded' : `${x.toFixed(2)}x`);
  const headline = h
    ? `efficiency vs ${s.efficiency.baseline} at ${h.baselineBudget}: ${h.ratio.toFixed(2)}x (${h.bound}; 95% interval [${open(h.interval[0])}, ${open(h.interval[1])}]; predicted bins, probe counted)`
    : 'efficiency ratio: n/a';
  const seeds = s.seeds.length > 1 ? ` over ${s.dataset.problems} problems x ${s.seeds.length} seeds (${s.seeds.join(', ')})` : '';
  return [
    `accuracy % by budget [95% interval]${seeds}${s.models.simulated ? ' (simulated)' : ''}:`,
    ...rows,
    headline,
    `report: ${outDir}/report.md`,
    '',
  ].join('\n');
}
