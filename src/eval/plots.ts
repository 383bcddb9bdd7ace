// The report's plots: vega-lite specs compiled to SVG in Node (no browser, no canvas). Series are
// labelled with strategy names; the SVGs are self-contained (no scripts, no remote references).
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from './summary';

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

function rows(table: Record<string, Record<string, number>>, bin?: string): Row[] {
  return Object.entries(table).flatMap(([series, byBudget]) =>
    Object.entries(byBudget).map(([budget, accuracy]) => ({ series, budget: Number(budget), accuracy, ...(bin ? { bin } : {}) })),
  );
}

function lineSpec(title: string, values: Row[], budgets: readonly number[], legendTitle = 'strategy'): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: budgetAxis(budgets),
      y: accuracyAxis,
      color: { field: 'series', type: 'nominal', title: legendTitle, legend: { labelLimit: 320 } },
      // Compute-optimal curves dashed and thicker, so the envelope stands out from the fixed strategies.
      strokeDash: { condition: { test: "indexof(datum.series, 'compute-optimal') === 0", value: [6, 3] }, value: [1, 0] },
      strokeWidth: { condition: { test: "indexof(datum.series, 'compute-optimal') === 0", value: 3 }, value: 2 },
    },
  };
}

export function plotSpecs(summary: Summary): { file: string; title: string; spec: TopLevelSpec }[] {
  const { budgets } = summary;
  const overall = rows(summary.accuracy);
  const byBin = Object.entries(summary.accuracyByBin.oracle).flatMap(([bin, table]) => rows(table, `bin ${bin}`));
  const envelope: Row[] = [
    ...overall,
    ...summary.computeOptimal.oracle.curve.map((p) => ({
      series: 'compute-optimal (oracle bins)',
      budget: p.budget,
      accuracy: p.accuracy,
    })),
    ...summary.computeOptimal.predicted.curve.map((p) => ({
      series: 'compute-optimal (predicted bins)',
      budget: p.budget,
      accuracy: p.accuracy,
    })),
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
