// Bounds grading by work counted in operations, never by the clock: the same pair of answers gets the
// same verdict on an idle machine and on a saturated one, in the editor as in `ponder eval`.
// Costs depend only on the inputs of the call (not on what earlier calls cached), so a verdict never
// depends on history either.

/** Thrown when a grading call has spent its work budget; the verdict is "not equal" with `exhausted`. */
export class GradingExhausted extends Error {
  constructor(readonly reason: 'budget' | 'hang-guard' = 'budget') {
    super(reason === 'budget' ? 'grading work budget spent' : 'the CAS hang guard fired');
  }
}

/** Operations one verdict may spend: a CAS parse costs 1 + one per 32 characters, an identity check 4. */
export const VERDICT_OPS = 96;
/** Operations one grouping call may spend in CAS comparisons before it groups the rest by keys alone. */
export const GROUP_OPS = 2048;

export class WorkBudget {
  private left: number;
  private readonly charged = new Set<string>();

  constructor(ops: number = VERDICT_OPS) {
    this.left = ops;
  }

  get remaining(): number {
    return this.left;
  }

  /** Throws GradingExhausted once more than the budget has been asked for. */
  spend(ops: number): void {
    this.charge(ops);
    if (this.left < 0) throw new GradingExhausted();
  }

  /** Records work done elsewhere on this budget's behalf (a cached or nested verdict) without throwing. */
  charge(ops: number): void {
    this.left -= ops;
  }

  /** Charges `ops` the first time this budget meets `key` (a parse is paid once per call, cached or not). */
  spendOnce(key: string, ops: number): void {
    if (this.charged.has(key)) return;
    this.charged.add(key);
    this.spend(ops);
  }
}
