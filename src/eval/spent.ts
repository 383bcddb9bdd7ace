// Generations actually spent, per strategy and budget: with adaptive stopping a budget is a ceiling, so
// `ponder eval` reports what the runs spent under it (mean, share of the ceiling, quartiles), from the
// results lines' usage (a pool strategy's line is charged its N samples, so it spends its budget).
import type { ResultLine } from './results';

export interface SpentCell {
  /** Mean generations spent per problem (and seed). */
  mean: number;
  /** mean / budget. */
  share: number;
  /** Minimum, first quartile, median, third quartile, maximum. */
  quartiles: [number, number, number, number, number];
}

/** `spent[strategy][budget]`. */
export type SpentTable = Record<string, Record<string, SpentCell>>;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function spentTable(lines: readonly ResultLine[]): SpentTable {
  const byCell = new Map<string, Map<number, number[]>>();
  for (const line of lines) {
    let row = byCell.get(line.strategy);
    if (!row) byCell.set(line.strategy, (row = new Map()));
    row.set(line.budget, [...(row.get(line.budget) ?? []), line.usage.generations]);
  }
  const table: SpentTable = {};
  for (const [strategy, row] of byCell) {
    table[strategy] = {};
    for (const [budget, spent] of row) {
      const sorted = [...spent].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))];
      const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
      table[strategy][String(budget)] = {
        mean: round(mean),
        share: round(mean / budget),
        quartiles: [at(0), at(0.25), at(0.5), at(0.75), at(1)],
      };
    }
  }
  return table;
}
