// One cache of verdicts per process: a run's vote, the panel's groups and any later re-grade of the
// same pair read the same verdict. Keyed by the ordered pair: a rule may treat gold and prediction apart.
import type { Verdict } from './equivalence';

const LIMIT = 50_000;

/** A verdict and the work it cost, charged again on every reuse so that budgets do not depend on history. */
export interface CachedVerdict {
  verdict: Verdict;
  cost: number;
}

class VerdictCache {
  private readonly verdicts = new Map<string, CachedVerdict>();

  private key(a: string, b: string): string {
    return `${a}\u0000${b}`;
  }

  get(a: string, b: string): CachedVerdict | undefined {
    return this.verdicts.get(this.key(a, b));
  }

  set(a: string, b: string, entry: CachedVerdict): CachedVerdict {
    if (this.verdicts.size >= LIMIT) this.verdicts.delete(this.verdicts.keys().next().value as string);
    this.verdicts.set(this.key(a, b), entry);
    return entry;
  }

  clear(): void {
    this.verdicts.clear();
  }
}

export const verdictCache = new VerdictCache();
