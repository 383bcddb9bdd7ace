// Decides whether two answers are equivalent: normalise, read their shapes, compare within a work budget.
import { normalizeLatex } from './normalize';
import { parseAnswer } from './structure';
import { answersMatch } from './compare';
import { GradingExhausted, VERDICT_OPS, WorkBudget } from './workBudget';
import { verdictCache } from './verdictCache';

export interface Verdict {
  equal: boolean;
  /** The comparison spent its work budget (or, on hostile input, hit the CAS hang guard) before deciding. */
  exhausted?: boolean;
}

/** The verdict with the standard budget (cached), or within `budget` when one is given (not cached). */
export function equivalent(gold: string, pred: string, budget?: WorkBudget): Verdict {
  const [a, b] = [normalizeLatex(gold), normalizeLatex(pred)];
  return budget ? decide(a, b, budget) : equivalentNormalized(a, b);
}

/**
 * The verdict for two normalised answers, each decided with a fresh standard budget and cached, so a pair
 * gets one verdict per process whatever asked first (a run, its vote, a re-grade); `spent` is charged
 * with what deciding it cost.
 */
export function equivalentNormalized(a: string, b: string, spent?: WorkBudget): Verdict {
  const entry = verdictCache.get(a, b) ?? decideAndCache(a, b);
  spent?.charge(entry.cost);
  return entry.verdict;
}

function decideAndCache(a: string, b: string) {
  const budget = new WorkBudget(VERDICT_OPS);
  const verdict = decide(a, b, budget);
  return verdictCache.set(a, b, { verdict, cost: VERDICT_OPS - budget.remaining });
}

function decide(a: string, b: string, budget: WorkBudget): Verdict {
  if (!a || !b) return { equal: false };
  if (a.toLowerCase() === b.toLowerCase()) return { equal: true };
  try {
    return { equal: answersMatch(parseAnswer(a), parseAnswer(b), budget) };
  } catch (err) {
    if (err instanceof GradingExhausted) return { equal: false, exhausted: true };
    return { equal: false };
  }
}
