// Writes an eval's outputs: results.jsonl, summary.json, plots/*.svg and report.md.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExchangeTable } from './exchange';
import { renderPlots, type Plot } from './plots';
import { renderReport } from './report';
import type { ResultLine } from './results';
import type { Summary } from './summary';

/** Write to a temporary file, then rename: a reader never sees half a file. */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** `lines` null: a pooled summary, whose results lines are in each seed's own folder. */
export async function writeOutputs(
  dir: string,
  lines: readonly ResultLine[] | null,
  summary: Summary,
  exchange: ExchangeTable | null,
): Promise<Plot[]> {
  mkdirSync(join(dir, 'plots'), { recursive: true });
  if (lines) writeAtomic(join(dir, 'results.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  // A single-seed run's lines left in this folder would not match the pooled summary beside them.
  else rmSync(join(dir, 'results.jsonl'), { force: true });
  writeAtomic(join(dir, 'summary.json'), JSON.stringify(exchange ? ({ ...summary, exchange } satisfies Summary) : summary, null, 2) + '\n');
  const plots = await renderPlots(summary);
  for (const plot of plots) writeAtomic(join(dir, 'plots', plot.file), plot.svg);
  writeAtomic(join(dir, 'report.md'), renderReport(summary, plots, exchange));
  return plots;
}
