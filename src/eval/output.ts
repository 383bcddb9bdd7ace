// Writes an eval's outputs: results.jsonl, summary.json, plots/*.svg and report.md.
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
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

export async function writeOutputs(
  dir: string,
  lines: readonly ResultLine[],
  summary: Summary,
  exchange: ExchangeTable | null,
): Promise<Plot[]> {
  mkdirSync(join(dir, 'plots'), { recursive: true });
  writeAtomic(join(dir, 'results.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeAtomic(join(dir, 'summary.json'), JSON.stringify(exchange ? ({ ...summary, exchange } satisfies Summary) : summary, null, 2) + '\n');
  const plots = await renderPlots(summary);
  for (const plot of plots) writeAtomic(join(dir, 'plots', plot.file), plot.svg);
  writeAtomic(join(dir, 'report.md'), renderReport(summary, plots, exchange));
  return plots;
}
