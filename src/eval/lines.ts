// From per-problem measurements to results.jsonl lines, once the data-set-wide bins are known.
import { FIXED_BIN, binOfSignal, oracleBins, probeSizeAt, quantileThresholds } from './bins';
import { fullProbeBudget } from './optimal';
import { usageShare } from './pool';
import type { ResultLine } from './results';
import type { ProblemMeasurement } from './runner';
import { isSampleStrategy } from './subsets';

export function buildLines(
  measurements: readonly ProblemMeasurement[],
  options: { budgets: number[]; strategies: string[]; probeSize: number; seed: string },
): ResultLine[] {
  const bins = oracleBins(new Map(measurements.map((m) => [m.problem.uniqueId, m.passAt1])), options.seed);
  const full = fullProbeBudget(options.budgets, options.probeSize);
  const cuts = quantileThresholds(measurements.map((m) => m.signal.get(full) ?? 0));
  const lines: ResultLine[] = [];
  for (const m of measurements) {
    const poolSize = m.pool.samples.length;
    for (const strategy of options.strategies)
      for (const budget of options.budgets) {
        const signal = m.signal.get(budget) ?? 0;
        const common = {
          unique_id: m.problem.uniqueId,
          level: m.problem.level,
          strategy,
          budget,
          bin: bins.get(m.problem.uniqueId)!,
          predictedBin: probeSizeAt(budget, options.probeSize) === 0 ? FIXED_BIN : binOfSignal(signal, cuts),
          signal: Math.round(signal * 1e6) / 1e6,
        };
        const sampled = isSampleStrategy(strategy) ? m.sampled.get(strategy) : undefined;
        if (sampled) {
          const outcome = sampled.get(budget)!;
          lines.push({
            ...common,
            params: { n: budget },
            answer: outcome.answer,
            correct: outcome.correct,
            usage: usageShare(m.pool.usage, poolSize, budget),
            draws: outcome.draws,
          });
        } else {
          const measured = m.runs.get(strategy)!.get(budget)!;
          lines.push({
            ...common,
            params: measured.run.params,
            answer: measured.run.answer,
            correct: measured.correct,
            usage: measured.run.usage,
          });
        }
      }
  }
  return lines;
}
