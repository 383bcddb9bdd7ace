// The per-problem view every analysis works on: correctness of each strategy at each budget, the
// oracle bin and the run-time difficulty signal. Built from results.jsonl lines.
import type { DifficultyBin } from '../shared/strategies';

export interface ProblemOutcomes {
  uniqueId: string;
  level: number | null;
  oracleBin: DifficultyBin;
  /** The run-time difficulty signal from the probe of min(probeSize, budget) samples, per budget. */
  signal: Map<number, number>;
  /** correct[strategy][budget]: 0..1 (a fraction when averaged over subset draws). */
  correct: Map<string, Map<number, number>>;
  /** spent[strategy][budget]: generations the run spent under that budget (less with adaptive stopping); absent: the budget. */
  spent?: Map<string, Map<number, number>>;
}

/** Generations a strategy spent on a problem under a budget (the budget itself when not recorded). */
export function spentAt(p: ProblemOutcomes, strategy: string, budget: number): number {
  return p.spent?.get(strategy)?.get(budget) ?? budget;
}

export function correctAt(p: ProblemOutcomes, strategy: string, budget: number): number | undefined {
  return p.correct.get(strategy)?.get(budget);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** Mean accuracy of a fixed strategy at a budget over the problems that have it (NaN when none do). */
export function fixedAccuracy(problems: readonly ProblemOutcomes[], strategy: string, budget: number): number {
  const values = problems.map((p) => correctAt(p, strategy, budget)).filter((v): v is number => v !== undefined);
  return values.length ? mean(values) : Number.NaN;
}

/** Groups results lines by problem. */
export function outcomesFromResults(lines: readonly import('./results').ResultLine[]): ProblemOutcomes[] {
  const byId = new Map<string, ProblemOutcomes>();
  for (const line of lines) {
    let p = byId.get(line.unique_id);
    if (!p) {
      p = { uniqueId: line.unique_id, level: line.level, oracleBin: line.bin, signal: new Map(), correct: new Map(), spent: new Map() };
      byId.set(line.unique_id, p);
    }
    p.signal.set(line.budget, line.signal);
    let row = p.correct.get(line.strategy);
    if (!row) p.correct.set(line.strategy, (row = new Map()));
    row.set(line.budget, typeof line.correct === 'boolean' ? (line.correct ? 1 : 0) : line.correct);
    let spent = p.spent!.get(line.strategy);
    if (!spent) p.spent!.set(line.strategy, (spent = new Map()));
    spent.set(line.budget, line.usage.generations);
  }
  return [...byId.values()];
}
