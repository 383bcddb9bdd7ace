// Synthetic results lines for tests of the summary, plots, report and calibration: problems of five
// difficulties where each strategy's chance of being right follows a fixed, known table.
import type { ResultLine } from '../../src/eval/results';
import { createRng } from '../../src/eval/random';
import type { SummaryContext } from '../../src/eval/summary';
import { emptyUsage } from '../../src/shared/events';

export const FIXTURE_BUDGETS = [1, 2, 4, 8, 16];
export const FIXTURE_STRATEGIES = ['majority', 'weighted-best-of-n', 'beam'];

/** What summarize needs besides the lines, for the fixture's budgets and strategies. */
export const FIXTURE_CONTEXT: SummaryContext = {
  datasetPath: 'fixture.jsonl',
  models: { policy: 'p', verifier: 'v', simulated: true, policyParameters: null },
  budgets: FIXTURE_BUDGETS,
  strategies: FIXTURE_STRATEGIES,
  draws: 1,
  probeSize: 4,
  folds: 2,
  signal: 'verifier',
  usage: emptyUsage(),
  generationsSpent: 0,
  elapsedMs: 0,
  baseline: 'weighted-best-of-n',
  resamples: 500,
};

/** P(right) for a problem of difficulty d (0 easy .. 1 hard) at budget b. */
function chance(strategy: string, d: number, b: number): number {
  const base = 1 - d;
  const gain = Math.log2(b) / 8;
  if (strategy === 'beam') return Math.min(1, base + (d > 0.5 ? 2 * gain : 0));
  if (strategy === 'majority') return Math.min(1, base + gain / 2);
  return Math.min(1, base + gain);
}

export function fixtureLines(problems = 40, seed = 'fixture'): ResultLine[] {
  const rng = createRng(seed);
  const lines: ResultLine[] = [];
  for (let i = 0; i < problems; i++) {
    const d = i / problems;
    const bin = (1 + Math.floor((i * 5) / problems)) as ResultLine['bin'];
    for (const strategy of FIXTURE_STRATEGIES)
      for (const budget of FIXTURE_BUDGETS) {
        const signal = 1 - d + (rng() - 0.5) * 0.2;
        const correct = rng() < chance(strategy, d, budget);
        lines.push({
          unique_id: `p${i}`,
          level: 1 + Math.floor(d * 5),
          strategy,
          budget,
          params: { n: budget },
          answer: correct ? '1' : '2',
          correct: strategy === 'beam' ? correct : correct ? 1 : 0,
          usage: {
            generations: budget,
            failedGenerations: 0,
            promptTokens: 10 * budget,
            completionTokens: 100 * budget,
            tokens: 110 * budget,
            requests: 1,
            verifierCalls: budget,
          },
          bin,
          predictedBin: bin,
          signal,
        });
      }
  }
  return lines;
}
