// Clusters equivalent answers for voting: a cheap canonical key first, the full comparison only
// between representatives of distinct keys.
import { normalizeLatex } from './normalize';
import { equivalent } from './equivalence';
import { parsePlainNumber, rationalKey } from './numbers';

export interface AnswerGroup {
  /** A representative: the first member's normalised form. */
  answer: string;
  /** Indices into the input, in order. */
  members: number[];
}

function cheapKey(normalized: string): string {
  const n = parsePlainNumber(normalized);
  return n ? `#${rationalKey(n)}` : normalized.toLowerCase();
}

export function groupByEquivalence(
  answers: ReadonlyArray<string | null>,
  options: { cheapOnly?: boolean } = {},
): AnswerGroup[] {
  const groups: AnswerGroup[] = [];
  const byKey = new Map<string, AnswerGroup>();
  const representatives: { raw: string; group: AnswerGroup }[] = [];
  answers.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'string') return;
    const normalized = normalizeLatex(raw);
    if (!normalized) return;
    const key = cheapKey(normalized);
    const known = byKey.get(key);
    if (known) {
      known.members.push(index);
      return;
    }
    const match = options.cheapOnly ? undefined : representatives.find((r) => equivalent(r.raw, raw).equal);
    if (match) {
      match.group.members.push(index);
      byKey.set(key, match.group);
      return;
    }
    const group: AnswerGroup = { answer: normalized, members: [index] };
    groups.push(group);
    byKey.set(key, group);
    representatives.push({ raw, group });
  });
  return groups;
}
