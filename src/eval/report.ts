// report.md: the eval's figures as a person wants to read them, each accuracy with its 95% interval, the
// router beside the cross-validated best fixed strategy and every strategy alone, with the plots embedded.
import type { HeadlineRatio, RatioInterval } from './efficiency';
import type { ExchangeTable } from './exchange';
import type { Plot } from './plots';
import type { SpentCell } from './spent';
import type { Interval95, Summary } from './summary';

const BIN_NAMES = ['1', '2', '3', '4', '5'];

const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : (100 * x).toFixed(1));
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}` : '-');
const fmt = (x: number) => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(0) : x.toFixed(2)) : '-');

/** `60.0 [55.6, 64.4]`: an accuracy in % with its 95% interval. */
function withInterval(value: number | undefined, interval: Interval95 | undefined, show: (x: number) => string = pct): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return interval ? `${show(value)} [${show(interval[0])}, ${show(interval[1])}]` : show(value);
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function ratioText(ratio: number, bound: 'exact' | 'lower-bound' | 'upper-bound'): string {
  return bound === 'lower-bound' ? `>= ${fmt(ratio)}x` : bound === 'upper-bound' ? `<= ${fmt(ratio)}x` : `${fmt(ratio)}x`;
}

/** `[1.9x, 6.2x]`; an open side (too many resamples without a crossing) reads 0 or unbounded. */
function ratioIntervalText({ interval: [low, high] }: RatioInterval): string {
  return `[${low === 0 ? '0' : `${fmt(low)}x`}, ${high === null ? 'unbounded' : `${fmt(high)}x`}]`;
}

function crossingNote({ withoutCrossing }: RatioInterval, resamples: number): string {
  const { lowerBound, upperBound } = withoutCrossing;
  if (lowerBound + upperBound === 0) return '';
  const parts = [
    lowerBound
      ? `in ${lowerBound} the compute-optimal policy already matched it at its smallest budget (a lower bound, counted as unbounded above)`
      : '',
    upperBound ? `in ${upperBound} it never reached it (an upper bound, counted as 0)` : '',
  ].filter(Boolean);
  return ` Of ${resamples} resamples, ${parts.join('; ')}.`;
}

export function renderReport(summary: Summary, plots: readonly Plot[], exchange: ExchangeTable | null): string {
  const { budgets, strategies } = summary;
  const b = budgets.map(String);
  const pooled = summary.seeds.length > 1;
  const simulated = summary.models.simulated ? ' (SIMULATED: figures from `ponder sim`, not a real model)' : '';
  const out: string[] = [];
  out.push(`# Ponder evaluation report${summary.models.simulated ? ' (simulated)' : ''}`);
  out.push(
    [
      `- Data set: \`${summary.dataset.path}\`, ${summary.dataset.problems} problems${pooled ? ` x ${summary.seeds.length} seeds (${summary.seeds.join(', ')}), pooled` : ''}`,
      `- Policy: \`${summary.models.policy}\`; verifier: \`${summary.models.verifier ?? 'none'}\`${simulated}`,
      `- Budgets (generations): ${budgets.join(', ')}; strategies: ${strategies.join(', ')}`,
      `- Pool strategies averaged over ${summary.draws} subset draws per budget; seed${pooled ? 's' : ''} \`${summary.seed}\``,
      `- Difficulty signal: ${summary.signal}; probe of ${summary.probeSize} samples; ${summary.folds}-fold cross-validation over problems`,
      `- Intervals: 95%, ${summary.intervals.method} (${summary.intervals.resamples} resamples)`,
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
        ? `- ${label}: ${summary.efficiency.baseline} needs ${baselineCostText(h)} for ${pct(h.baselineAccuracy)}% accuracy; the compute-optimal policy (held out) needs ${fmt(h.optimalBudget)}: **${ratioText(h.ratio, h.bound)} less compute** (95% interval ${ratioIntervalText(h)}).${crossingNote(h, summary.intervals.resamples)}`
        : `- ${label}: not available (needs ${summary.efficiency.baseline} in the strategies).`,
    );
  }
  out.push(lines.join('\n'));
  out.push(
    'The ratio only compares the router with weighted best-of-N. What routing itself adds is its difference to the best fixed strategy chosen on the same training folds (next table): an interval that holds 0 means no gain shown.',
  );
  out.push(`Probe accounting: ${summary.efficiency.probeAccounting}`);

  out.push('## Router against fixed strategies (held-out accuracy %, 95% interval)');
  const fixed = summary.fixedBaseline.curve;
  const router = (binning: 'predicted' | 'oracle') => {
    const co = summary.computeOptimal[binning];
    return [`**compute-optimal, ${binning} bins**`, ...budgets.map((_, i) => withInterval(co.curve[i]?.accuracy, co.curve[i]?.interval))];
  };
  const gain = (binning: 'predicted' | 'oracle') => {
    const d = summary.computeOptimal[binning].versusFixed;
    return [
      `compute-optimal (${binning}) minus best fixed (cv)`,
      ...budgets.map((_, i) => withInterval(d[i]?.difference, d[i]?.interval, signed)),
    ];
  };
  out.push(
    table(
      ['series', ...b],
      [
        router('predicted'),
        [
          'generations the router (predicted) spent, mean',
          ...budgets.map((_, i) => {
            const spent = summary.computeOptimal.predicted.spent?.[i];
            return spent ? `${spent.mean.toFixed(1)} [${spent.interval[0].toFixed(1)}, ${spent.interval[1].toFixed(1)}]` : '-';
          }),
        ],
        ['**best fixed strategy, cross-validated**', ...budgets.map((_, i) => withInterval(fixed[i]?.accuracy, fixed[i]?.interval))],
        gain('predicted'),
        router('oracle'),
        gain('oracle'),
        ...strategies.map((s) => [s, ...b.map((x) => withInterval(summary.accuracy[s]?.[x], summary.accuracyInterval[s]?.[x]))]),
      ],
    ),
  );
  out.push(
    `The best fixed strategy is chosen per budget on the training folds, as the router's table is, and measured on the held-out folds; chosen on all problems it is: ${budgets.map((budget, i) => `${budget}: ${fixed[i]?.strategy ?? '-'}`).join(', ')}.`,
  );

  out.push('## Efficiency ratio per budget (95% interval)');
  const eff = (binning: 'oracle' | 'predicted', budget: number) => {
    const p = summary.efficiency.curve[binning].find((e) => e.budget === budget);
    return p ? `${ratioText(p.ratio, p.bound)} ${ratioIntervalText(p)}` : '-';
  };
  out.push(
    table(
      ['budget', `predicted bins: ratio vs ${summary.efficiency.baseline}`, 'oracle bins: ratio'],
      budgets.map((budget) => [String(budget), eff('predicted', budget), eff('oracle', budget)]),
    ),
  );
  out.push('Strategy chosen per predicted bin (rows) and budget (columns), learned on all problems:');
  out.push(
    table(
      ['bin', ...b],
      BIN_NAMES.map((bin) => [bin, ...b.map((x) => summary.computeOptimal.predicted.choice[bin]?.[x] ?? '-')]),
    ),
  );

  if (summary.spent) {
    out.push('## Generations spent per problem (mean, % of the budget; min / quartiles / max)');
    out.push(
      table(
        ['strategy', ...b],
        strategies.map((s) => [s, ...b.map((x) => spentText(summary.spent?.[s]?.[x]))]),
      ),
    );
  }

  out.push('## Accuracy (%) per oracle difficulty bin, 95% interval');
  for (const bin of BIN_NAMES) {
    out.push(`Bin ${bin} (${summary.binCounts.oracle[bin] ?? 0} ${pooled ? 'problem x seed pairs' : 'problems'}):`);
    const values = summary.accuracyByBin.oracle[bin];
    const intervals = summary.accuracyByBinInterval.oracle[bin];
    out.push(
      table(
        ['strategy', ...b],
        strategies.map((s) => [s, ...b.map((x) => withInterval(values?.[s]?.[x], intervals?.[s]?.[x]))]),
      ),
    );
  }

  out.push(`## Oracle bins vs predicted bins (${pooled ? 'problem x seed pairs' : 'problem counts'})`);
  out.push(
    table(
      ['oracle \\ predicted', ...BIN_NAMES],
      summary.confusion.map((row, i) => [String(i + 1), ...row.map(String)]),
    ),
  );

  if (summary.perSeed) {
    out.push("## Per seed (held-out accuracy %; each seed's own report, with intervals over its problems, is in its folder)");
    out.push(
      table(
        ['seed', 'series', ...b],
        summary.perSeed.flatMap((s) => [
          [`${s.seed} (\`seed-${s.seed}/\`)`, 'compute-optimal, predicted bins', ...s.computeOptimal.predicted.map((p) => pct(p.accuracy))],
          ['', 'best fixed, cross-validated', ...s.crossValidatedFixed.map((p) => pct(p.accuracy))],
          ...strategies.map((name) => ['', name, ...b.map((x) => pct(s.accuracy[name]?.[x]))]),
        ]),
      ),
    );
    out.push(
      summary.perSeed
        .map((s) => {
          const h = s.headline.predicted;
          return `- Seed ${s.seed}: ${h ? `${ratioText(h.ratio, h.bound)} less compute than ${summary.efficiency.baseline}@${h.baselineBudget} (predicted bins)` : 'no efficiency ratio'}`;
        })
        .join('\n'),
    );
  }

  if (exchange) {
    out.push('## Compute exchange: test-time compute on the smaller model vs one sample of the larger');
    out.push(exchange.note);
    out.push(
      table(
        ['R (inference / pretraining tokens)', 'matched budget', ...BIN_NAMES.map((bin) => `bin ${bin}: small / large`)],
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

/** "6.2 (39%; 4 / 4 / 4 / 8 / 16)". */
function spentText(cell: SpentCell | undefined): string {
  if (!cell) return '-';
  return `${cell.mean.toFixed(1)} (${Math.round(100 * cell.share)}%; ${cell.quartiles.join(' / ')})`;
}

/** "64 generations", or under adaptive stopping "a ceiling of 64 (24.1 generations spent on average)". */
export function baselineCostText(h: HeadlineRatio): string {
  return h.baselineSpent === h.baselineBudget
    ? `${h.baselineBudget} generations`
    : `a ceiling of ${h.baselineBudget} (${h.baselineSpent.toFixed(1)} generations spent on average)`;
}
