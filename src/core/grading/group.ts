// Clusters equivalent answers for voting: a cheap canonical key first (normalised text, or the exact
// value of a plain number), the full comparison only between representatives of distinct keys, and
// never between two exact plain numbers (different exact values are never equal). The CAS work of one
// call is bounded in operations (GROUP_OPS), so the groups never depend on the machine's load.
import { normalizeLatex } from './normalize';
import { equivalentNormalized } from './equivalence';
import { parsePlainNumber, rationalKey, rationalToNumber } from './numbers';
import { closeEnough } from './cas';
import { GROUP_OPS, VERDICT_OPS, WorkBudget } from './workBudget';

export interface AnswerGroup {
  /** A representative: the first member's normalised form. */
  answer: string;
  /** Indices into the input, in order. */
  members: number[];
}

interface Representative {
  normalized: string;
  /** The value of a plain number, and whether it was written as a rounded decimal. */
  number: { value: number; rounded: boolean } | null;
  group: AnswerGroup;
}

function describe(normalized: string): { key: string; number: Representative['number'] } {
  const n = parsePlainNumber(normalized);
  if (!n) return { key: normalized.toLowerCase().replace(/\s+/g, ''), number: null };
  return { key: `#${rationalKey(n)}`, number: { value: rationalToNumber(n), rounded: /\.\d/.test(normalized) } };
}

function sameGroup(a: Representative, b: Pick<Representative, 'normalized' | 'number'>, budget: WorkBudget): boolean {
  if (a.number && b.number) {
    // exact values with different keys differ; a rounded decimal may match within tolerance
    return (a.number.rounded || b.number.rounded) && closeEnough(a.number.value, b.number.value);
  }
  return equivalentNormalized(a.normalized, b.normalized, budget).equal;
}

export function groupByEquivalence(answers: ReadonlyArray<string | null>, options: { cheapOnly?: boolean } = {}): AnswerGroup[] {
  const groups: AnswerGroup[] = [];
  const byKey = new Map<string, AnswerGroup>();
  const representatives: Representative[] = [];
  const budget = new WorkBudget(GROUP_OPS);
  answers.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'string') return;
    const normalized = normalizeLatex(raw);
    if (!normalized) return;
    const { key, number } = describe(normalized);
    const known = byKey.get(key);
    if (known) {
      known.members.push(index);
      return;
    }
    // Each comparison may spend a whole verdict's budget: start one only while the group can afford it.
    const match = options.cheapOnly
      ? undefined
      : representatives.find((r) => budget.remaining >= VERDICT_OPS && sameGroup(r, { normalized, number }, budget));
    const group = match?.group ?? { answer: normalized, members: [] };
    group.members.push(index);
    byKey.set(key, group);
    if (!match) {
      groups.push(group);
      representatives.push({ normalized, number, group });
    }
  });
  return groups;
}
