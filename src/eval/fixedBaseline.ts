// The null baseline the router is credited against: the single strategy that is best on the training
// folds, applied to the held-out ones (chosen as the router's table is chosen, so neither sees its test
// problems). Used by `ponder eval` (summary.json, report.md) and `ponder calibrate`.
import type { CrossValidated } from './optimal';
import type { ProblemOutcomes } from './outcomes';

/** Per problem (in the order given), the held-out outcome at `budget` of the router and of the cross-validated fixed strategy, and the router's generations spent. */
export function heldOutOutcomes(
  problems: readonly ProblemOutcomes[],
  cv: CrossValidated,
  budget: number,
): { router: number[]; crossValidatedFixed: number[]; routerSpent: number[] } {
  return {
    router: problems.map((p) => cv.heldOut.get(p.uniqueId)?.get(budget) ?? 0),
    crossValidatedFixed: problems.map((p) => cv.heldOutFixed.get(p.uniqueId)?.get(budget) ?? 0),
    routerSpent: problems.map((p) => cv.heldOutSpent.get(p.uniqueId)?.get(budget) ?? budget),
  };
}
