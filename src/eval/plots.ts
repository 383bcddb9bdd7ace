// The report's plots: vega-lite specs compiled to SVG in Node (no browser, no canvas). Series are
// labelled with strategy names, each line over its 95% interval band; the SVGs are self-contained (no
// scripts, no remote references).
import type { TopLevelSpec } from 'vega-lite';
import type { AccuracyPoint, AccuracyTable, Interval95, IntervalTable, Summary } from './summary';

export interface Plot {
  /** File name under plots/. */
  file: string;
  title: string;
  svg: string;
}

interface Row {
  series: string;
  budget: number;
  accuracy: number;
  /** The 95% interval, drawn as a band. */
  low?: number;
  high?: number;
  bin?: string;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 420;
const HEIGHT = 260;

function budgetAxis(budgets: readonly number[]) {
  return {
    field: 'budget',
    type: 'quantitative' as const,
    title: 'budget (generations, log2 scale)',
    scale: { type: 'log' as const, base: 2 },
    axis: { values: [...budgets], format: 'd' },
  };
}

const accuracyAxis = { field: 'accuracy', type: 'quantitative' as const, title: 'accuracy', scale: { domain: [0, 1] } };

function rows(table: AccuracyTable, intervals?: IntervalTable, bin?: string): Row[] {
  return Object.entries(table).flatMap(([series, byBudget]) =>
    Object.entries(byBudget).map(([budget, accuracy]) => ({
      series,
      budget: Number(budget),
      accuracy,
      ...band(intervals?.[series]?.[budget]),
      ...(bin ? { bin } : {}),
    })),
  );
}

function band(interval: Interval95 | undefined): { low?: number; high?: number } {
  return interval ? { low: interval[0], high: interval[1] } : {};
}

function curveRows(series: string, curve: readonly AccuracyPoint[]): Row[] {
  return curve.map((p) => ({ series, budget: p.budget, accuracy: p.accuracy, ...band(p.interval) }));
}

function lineSpec(title: string, values: Row[], budgets: readonly number[], legendTitle = 'strategy'): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    encoding: {
      x: budgetAxis(budgets),
      color: { field: 'series', type: 'nominal', title: legendTitle, legend: { labelLimit: 320 } },
    },
    layer: [
      // Each series' 95% interval as a faint band behind its line.
      { mark: { type: 'area', opacity: 0.12 }, encoding: { y: { ...accuracyAxis, field: 'low' }, y2: { field: 'high' } } },
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: accuracyAxis,
          // Compute-optimal curves dashed and thicker, so the envelope stands out from the fixed strategies.
          strokeDash: { condition: { test: "indexof(datum.series, 'compute-optimal') === 0", value: [6, 3] }, value: [1, 0] },
          strokeWidth: { condition: { test: "indexof(datum.series, 'compute-optimal') === 0", value: 3 }, value: 2 },
        },
      },
    ],
  };
}

export function plotSpecs(summary: Summary): { file: string; title: string; spec: TopLevelSpec }[] {
  const { budgets } = summary;
  const overall = rows(summary.accuracy, summary.accuracyInterval);
  const byBin = Object.entries(summary.accuracyByBin.oracle).flatMap(([bin, table]) => rows(table, undefined, `bin ${bin}`));
  const envelope: Row[] = [
    ...overall,
    ...curveRows('best fixed (cross-validated)', summary.fixedBaseline.curve),
    ...curveRows('compute-optimal (oracle bins)', summary.computeOptimal.oracle.curve),
    ...curveRows('compute-optimal (predicted bins)', summary.computeOptimal.predicted.curve),
  ].filter((r) => Number.isFinite(r.accuracy));
  const confusionCells = summary.confusion.flatMap((row, i) =>
    row.map((count, j) => ({ oracle: `bin ${i + 1}`, predicted: `bin ${j + 1}`, count })),
  );
  return [
    { file: 'accuracy.svg', title: 'Accuracy vs budget per strategy', spec: lineSpec('Accuracy vs budget per strategy', overall, budgets) },
    {
      file: 'accuracy-by-bin.svg',
      title: 'Accuracy vs budget per strategy, by oracle difficulty bin',
      spec: {
        $schema: SCHEMA,
        title: 'Accuracy vs budget by oracle difficulty bin (1 easy .. 5 hard)',
        data: { values: byBin },
        facet: { field: 'bin', type: 'nominal', title: 'oracle bin' },
        columns: 3,
        spec: {
          width: 220,
          height: 160,
          mark: { type: 'line', point: true },
          encoding: {
            x: budgetAxis(budgets),
            y: accuracyAxis,
            color: { field: 'series', type: 'nominal', title: 'strategy', legend: { labelLimit: 320 } },
          },
        },
      },
    },
    {
      file: 'compute-optimal.svg',
      title: 'Compute-optimal envelope (held-out) against every strategy',
      spec: lineSpec('Compute-optimal envelope (cross-validated) vs fixed strategies', envelope, budgets, 'series'),
    },
    {
      file: 'bins.svg',
      title: 'Oracle vs predicted difficulty bins',
      spec: {
        $schema: SCHEMA,
        title: 'Oracle bins (pass@1) vs predicted bins (probe signal): problem counts',
        data: { values: confusionCells },
        width: 260,
        height: 260,
        encoding: {
          x: { field: 'predicted', type: 'ordinal', title: 'predicted bin' },
          y: { field: 'oracle', type: 'ordinal', title: 'oracle bin' },
        },
        layer: [
          { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', title: 'problems' } } },
          { mark: { type: 'text' }, encoding: { text: { field: 'count', type: 'quantitative' } } },
        ],
      },
    },
  ];
}

/** Renders a vega-lite spec to an SVG string (vega and vega-lite are ESM: loaded on first use). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderPlots(summary: Summary): Promise<Plot[]> {
  const out: Plot[] = [];
  for (const { file, title, spec } of plotSpecs(summary)) out.push({ file, title, svg: await renderSvg(spec) });
  return out;
}
