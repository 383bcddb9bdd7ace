// The paper's section 7: at matched FLOPs (2 x parameters x tokens for inference, 6 x parameters x
// tokens for pretraining), is test-time compute on the smaller model worth more than a larger model?
import { BINS } from './bins';
import { mean } from './outcomes';
import { correctValue, type ResultLine } from './results';

export const DEFAULT_RATIOS = [0.16, 0.79, 22];

export interface ExchangeRow {
  /** R: inference tokens / pretraining tokens. */
  ratio: number;
  /** Generations of the small model with the FLOPs of one sample of the large one (pretraining included). */
  matchedBudget: number;
  /** The matched budget exceeds the largest swept budget: the small model's figure is at that budget (a lower bound). */
  capped: boolean;
  bins: { bin: number; small: number; large: number; winner: 'test-time compute' | 'bigger model' }[];
}

export interface ExchangeTable {
  smallParameters: number;
  largeParameters: number;
  note: string;
  rows: ExchangeRow[];
}

/**
 * Matched budget k: 6 N_s D + 2 N_s T_s k = 6 N_l D + 2 N_l T_l per query, with D = T_l / R the
 * pretraining tokens per query: k = (M T_l + 3 (M - 1) T_l / R) / T_s, M = N_l / N_s.
 */
export function matchedBudget(
  smallParameters: number,
  largeParameters: number,
  tokensSmall: number,
  tokensLarge: number,
  ratio: number,
): number {
  const m = largeParameters / smallParameters;
  return (m * tokensLarge + (3 * (m - 1) * tokensLarge) / ratio) / tokensSmall;
}

/** Mean tokens per generation over results lines. */
function tokensPerGeneration(lines: readonly ResultLine[]): number {
  const g = lines.reduce((s, l) => s + l.usage.generations, 0);
  return g ? lines.reduce((s, l) => s + l.usage.tokens, 0) / g : 1;
}

export function computeExchange(
  small: readonly ResultLine[],
  large: readonly ResultLine[],
  options: { smallParameters: number; largeParameters: number; ratios?: number[]; optimalStrategies?: readonly string[] },
): ExchangeTable {
  const binOf = new Map(small.map((l) => [l.unique_id, l.bin]));
  const budgets = [...new Set(small.map((l) => l.budget))].sort((a, b) => a - b);
  const strategies = options.optimalStrategies ?? [...new Set(small.map((l) => l.strategy))];
  // The large model's single sample: pass@1 of its pool (any pool strategy at budget 1).
  const largeSingle = large.filter((l) => l.budget === 1 && ['majority', 'best-of-n', 'weighted-best-of-n'].includes(l.strategy));
  const tSmall = tokensPerGeneration(small);
  const tLarge = tokensPerGeneration(large);
  const rows = (options.ratios ?? DEFAULT_RATIOS).map((ratio) => {
    const k = matchedBudget(options.smallParameters, options.largeParameters, tSmall, tLarge, ratio);
    const capped = k > budgets[budgets.length - 1];
    return {
      ratio,
      matchedBudget: k,
      capped,
      bins: BINS.map((bin) => {
        const inBin = small.filter((l) => l.bin === bin);
        // Best strategy per budget in this bin (the oracle-bin envelope), read at k in log2 budget.
        const curve = budgets.map((budget) => ({
          budget,
          accuracy: Math.max(
            0,
            ...strategies.map((s) => mean(inBin.filter((l) => l.strategy === s && l.budget === budget).map(correctValue))),
          ),
        }));
        const smallAcc = interpolate(curve, Math.min(k, budgets[budgets.length - 1]));
        const largeLines = largeSingle.filter((l) => binOf.get(l.unique_id) === bin);
        const largeAcc = mean(largeLines.map(correctValue));
        return {
          bin,
          small: smallAcc,
          large: largeAcc,
          winner: smallAcc > largeAcc ? ('test-time compute' as const) : ('bigger model' as const),
        };
      }),
    };
  });
  return {
    smallParameters: options.smallParameters,
    largeParameters: options.largeParameters,
    note:
      `Small model ${options.smallParameters.toExponential(2)} parameters (${tSmall.toFixed(0)} tokens per generation) against a larger ${options.largeParameters.toExponential(2)} (${tLarge.toFixed(0)} tokens, one sample). ` +
      'Matched budget k = (M T_l + 3 (M - 1) T_l / R) / T_s generations, M the parameter ratio (FLOPs: 2 x parameters x tokens at inference, 6 x at pretraining). ' +
      "Bins are the small model's oracle bins; the small side is its best strategy per bin at budget k (interpolated in log2 budget).",
    rows,
  };
}

function interpolate(curve: { budget: number; accuracy: number }[], at: number): number {
  if (at <= curve[0].budget) return curve[0].accuracy;
  for (let i = 0; i + 1 < curve.length; i++) {
    const lo = curve[i];
    const hi = curve[i + 1];
    if (at <= hi.budget) {
      const f = (Math.log2(at) - Math.log2(lo.budget)) / (Math.log2(hi.budget) - Math.log2(lo.budget));
      return lo.accuracy + f * (hi.accuracy - lo.accuracy);
    }
  }
  return curve[curve.length - 1].accuracy;
}
