// report.md: the eval's figures as a person wants to read them, with the plots embedded.
import type { ExchangeTable } from './exchange';
import type { Plot } from './plots';
import type { Summary } from './summary';

const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : (100 * x).toFixed(1));
const fmt = (x: number) => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(0) : x.toFixed(2)) : '-');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function ratioText(ratio: number, bound: 'exact' | 'lower-bound' | 'upper-bound'): string {
  return bound === 'lower-bound' ? `>= ${fmt(ratio)}x` : bound === 'upper-bound' ? `<= ${fmt(ratio)}x` : `${fmt(ratio)}x`;
}

export function renderReport(summary: Summary, plots: readonly Plot[], exchange: ExchangeTable | null): string {
  const { budgets, strategies } = summary;
  const b = budgets.map(String);
  const simulated = summary.models.simulated ? ' (SIMULATED: figures from `ponder sim`, not a real model)' : '';
  const out: string[] = [];
  out.push(`# Ponder evaluation report${summary.models.simulated ? ' (simulated)' : ''}`);
  out.push(
    [
      `- Data set: \`${summary.dataset.path}\`, ${summary.dataset.problems} problems`,
      `- Policy: \`${summary.models.policy}\`; verifier: \`${summary.models.verifier ?? 'none'}\`${simulated}`,
      `- Budgets (generations): ${budgets.join(', ')}; strategies: ${strategies.join(', ')}`,
      `- Pool strategies averaged over ${summary.draws} subset draws per budget; seed \`${summary.seed}\``,
      `- Difficulty signal: ${summary.signal}; probe of ${summary.probeSize} samples; ${summary.folds}-fold cross-validation over problems`,
      `- Spent: ${summary.usage.generations} generations, ${summary.usage.tokens} tokens in total (${summary.generationsSpent} generations by this run, the rest from the cache); ${(summary.elapsedMs / 1000).toFixed(1)} s`,
      `- Created ${summary.createdAt}`,
    ].join('\n'),
  );

  out.push('## Headline: compute-optimal against weighted best-of-N');
  const lines: string[] = [];
  for (const binning of ['predicted', 'oracle'] as const) {
    const h = summary.efficiency.headline[binning];
    const label =
      binning === 'predicted' ? 'Predicted bins (what the router sees at run time, probe counted)' : 'Oracle bins (evaluation only)';
    lines.push(
      h
        ? `- ${label}: ${summary.efficiency.baseline} needs ${h.baselineBudget} generations for ${pct(h.baselineAccuracy)}% accuracy; the compute-optimal policy (held out) needs ${fmt(h.optimalBudget)}: **${ratioText(h.ratio, h.bound)} less compute**.`
        : `- ${label}: not available (needs ${summary.efficiency.baseline} in the strategies).`,
    );
  }
  out.push(lines.join('\n'));
  out.push(`Probe accounting: ${summary.efficiency.probeAccounting}`);

  out.push('## Accuracy (%) by strategy and budget');
  out.push(
    table(
      ['strategy', ...b],
      strategies.map((s) => [s, ...b.map((x) => pct(summary.accuracy[s]?.[x]))]),
    ),
  );

  out.push('## Compute-optimal curve (held-out accuracy %, cross-validated) and efficiency');
  const eff = (binning: 'oracle' | 'predicted', budget: number) => {
    const p = summary.efficiency.curve[binning].find((e) => e.budget === budget);
    return p ? ratioText(p.ratio, p.bound) : '-';
  };
  out.push(
    table(
      ['budget', 'predicted bins', 'ratio vs baseline', 'oracle bins', 'ratio vs baseline', summary.efficiency.baseline],
      budgets.map((budget, i) => [
        String(budget),
        pct(summary.computeOptimal.predicted.curve[i]?.accuracy),
        eff('predicted', budget),
        pct(summary.computeOptimal.oracle.curve[i]?.accuracy),
        eff('oracle', budget),
        pct(summary.accuracy[summary.efficiency.baseline]?.[String(budget)]),
      ]),
    ),
  );
  out.push('Strategy chosen per predicted bin (rows) and budget (columns), learned on all problems:');
  out.push(
    table(
      ['bin', ...b],
      ['1', '2', '3', '4', '5'].map((bin) => [bin, ...b.map((x) => summary.computeOptimal.predicted.choice[bin]?.[x] ?? '-')]),
    ),
  );

  out.push('## Accuracy (%) per oracle difficulty bin');
  for (const bin of ['1', '2', '3', '4', '5']) {
    out.push(`Bin ${bin} (${summary.binCounts.oracle[bin] ?? 0} problems):`);
    out.push(
      table(
        ['strategy', ...b],
        strategies.map((s) => [s, ...b.map((x) => pct(summary.accuracyByBin.oracle[bin]?.[s]?.[x]))]),
      ),
    );
  }

  out.push('## Oracle bins vs predicted bins (problem counts)');
  out.push(
    table(
      ['oracle \\ predicted', '1', '2', '3', '4', '5'],
      summary.confusion.map((row, i) => [String(i + 1), ...row.map(String)]),
    ),
  );

  if (exchange) {
    out.push('## Compute exchange: test-time compute on the smaller model vs one sample of the larger');
    out.push(exchange.note);
    out.push(
      table(
        ['R (inference / pretraining tokens)', 'matched budget', ...['1', '2', '3', '4', '5'].map((bin) => `bin ${bin}: small / large`)],
        exchange.rows.map((r) => [
          String(r.ratio),
          `${fmt(r.matchedBudget)}${r.capped ? ' (capped)' : ''}`,
          ...r.bins.map((c) => `${pct(c.small)} / ${pct(c.large)} ${c.winner === 'test-time compute' ? '(TTC)' : '(bigger)'}`),
        ]),
      ),
    );
  }

  out.push('## Plots');
  for (const plot of plots) out.push(`![${plot.title}](plots/${plot.file})`);
  return out.join('\n\n') + '\n';
}
