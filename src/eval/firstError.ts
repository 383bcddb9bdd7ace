// `ponder eval --task first-error`: how well a verifier's step scores find the earliest wrong step of
// ProcessBench solutions. Metrics as ProcessBench defines them: accuracy on erroneous solutions (the
// predicted index equals the label), accuracy on correct ones (nothing flagged), and their harmonic mean (F1).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { EvalBackend } from './backend';
import { JobCache, cacheKey } from './cache';
import type { ProcessBenchItem } from './dataset';
import type { ProgressSink } from './progress';

export interface FirstErrorLine {
  id: string;
  generator: string;
  label: number;
  predicted: number;
  match: boolean;
  scores: number[];
}

export interface FirstErrorMetrics {
  threshold: number;
  errorAccuracy: number;
  correctAccuracy: number;
  f1: number;
}

export interface FirstErrorSummary extends FirstErrorMetrics {
  version: 1;
  task: 'first-error';
  dataset: { path: string; items: number; withError: number };
  models: { verifier: string | null; simulated: boolean };
  /** The threshold that maximises F1 on this data (optimistic: chosen on the test data itself). */
  bestThreshold: FirstErrorMetrics;
  elapsedMs: number;
  createdAt: string;
}

/** A step's own blank lines would split it in two for the verifier; they become single newlines. */
export function normalizeStep(step: string): string {
  return step.replace(/\n\s*\n/g, '\n').trim();
}

/** Index of the first step scoring under the threshold; -1 when none does. */
export function firstLow(scores: readonly number[], threshold: number): number {
  return scores.findIndex((s) => s < threshold);
}

export function firstErrorMetrics(items: readonly { label: number; scores: readonly number[] }[], threshold: number): FirstErrorMetrics {
  const erroneous = items.filter((i) => i.label >= 0);
  const correct = items.filter((i) => i.label < 0);
  const errorAccuracy = erroneous.length ? erroneous.filter((i) => firstLow(i.scores, threshold) === i.label).length / erroneous.length : 0;
  const correctAccuracy = correct.length ? correct.filter((i) => firstLow(i.scores, threshold) === -1).length / correct.length : 0;
  const f1 = errorAccuracy + correctAccuracy > 0 ? (2 * errorAccuracy * correctAccuracy) / (errorAccuracy + correctAccuracy) : 0;
  return { threshold, errorAccuracy, correctAccuracy, f1 };
}

export async function scoreProcessBench(
  backend: EvalBackend,
  items: readonly ProcessBenchItem[],
  options: { outDir: string; threshold: number; jobs: number; signal: AbortSignal; progress: ProgressSink; isStopping: () => boolean },
): Promise<{ lines: FirstErrorLine[]; interrupted: boolean }> {
  const cache = new JobCache(join(options.outDir, 'cache.jsonl'));
  const scores: (number[] | undefined)[] = items.map(() => undefined);
  let next = 0;
  let done = 0;
  let failure: unknown = null;
  const started = Date.now();
  const worker = async () => {
    while (!options.isStopping() && failure === null && next < items.length) {
      const index = next++;
      const item = items[index];
      const steps = item.steps.map(normalizeStep);
      const key = cacheKey({
        kind: 'first-error',
        id: item.id,
        steps: createHash('sha256')
          .update(JSON.stringify([item.problem, steps]))
          .digest('hex'),
        endpoint: backend.identity,
      });
      try {
        let s = cache.get(key) as number[] | undefined;
        if (!s) {
          s = await backend.scoreSteps(item.problem, steps, options.signal);
          cache.put(key, 0, s);
        }
        scores[index] = s;
      } catch (err) {
        if (options.signal.aborted || options.isStopping()) return;
        failure ??= err;
        return;
      }
      done++;
      const scored = items.flatMap((it, i) => (scores[i] ? [{ label: it.label, scores: scores[i] }] : []));
      options.progress.update({
        problemsDone: done,
        problemsTotal: items.length,
        generations: 0,
        accuracy: firstErrorMetrics(scored, options.threshold).f1,
        accuracyLabel: 'F1',
        etaMs: ((Date.now() - started) / done) * (items.length - done),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  options.progress.done();
  if (failure !== null) throw failure;
  const lines: FirstErrorLine[] = [];
  items.forEach((item, i) => {
    const s = scores[i];
    if (!s) return;
    const predicted = firstLow(s, options.threshold);
    lines.push({
      id: item.id,
      generator: item.generator,
      label: item.label,
      predicted,
      match: predicted === item.label,
      scores: s.map((x) => Math.round(x * 1e4) / 1e4),
    });
  });
  return { lines, interrupted: lines.length < items.length };
}

export function summarizeFirstError(
  lines: readonly FirstErrorLine[],
  context: { datasetPath: string; threshold: number; verifier: string | null; simulated: boolean; elapsedMs: number },
): FirstErrorSummary {
  const metrics = firstErrorMetrics(lines, context.threshold);
  const sweep = Array.from({ length: 19 }, (_, i) => firstErrorMetrics(lines, (i + 1) / 20));
  const best = sweep.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  return {
    version: 1,
    task: 'first-error',
    dataset: { path: context.datasetPath, items: lines.length, withError: lines.filter((l) => l.label >= 0).length },
    models: { verifier: context.verifier, simulated: context.simulated },
    ...metrics,
    bestThreshold: best,
    elapsedMs: context.elapsedMs,
    createdAt: new Date().toISOString(),
  };
}

export function renderFirstErrorReport(summary: FirstErrorSummary): string {
  const pct = (x: number) => (100 * x).toFixed(1);
  const sim = summary.models.simulated ? ' (SIMULATED verifier: these figures prove the pipeline, not a real PRM)' : '';
  return (
    [
      `# Ponder first-error evaluation${summary.models.simulated ? ' (simulated)' : ''}`,
      `- Data set: \`${summary.dataset.path}\`, ${summary.dataset.items} solutions (${summary.dataset.withError} with an error)\n- Verifier: \`${summary.models.verifier ?? 'unknown'}\`${sim}\n- Created ${summary.createdAt}`,
      'A solution is flagged at its first step scoring under the threshold; ProcessBench metrics: accuracy on erroneous solutions (flagged step = labelled earliest error), accuracy on correct ones (nothing flagged), F1 their harmonic mean.',
      [
        '| threshold | error accuracy % | correct accuracy % | F1 % |',
        '|---|---|---|---|',
        `| ${summary.threshold} (configured) | ${pct(summary.errorAccuracy)} | ${pct(summary.correctAccuracy)} | ${pct(summary.f1)} |`,
        `| ${summary.bestThreshold.threshold} (best on this data, optimistic) | ${pct(summary.bestThreshold.errorAccuracy)} | ${pct(summary.bestThreshold.correctAccuracy)} | ${pct(summary.bestThreshold.f1)} |`,
      ].join('\n'),
    ].join('\n\n') + '\n'
  );
}
