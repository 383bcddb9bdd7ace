// Clusters equivalent answers for voting: a cheap canonical key first (normalised text, or the exact
// value of a plain number), the full comparison only between representatives of distinct keys, and
// never between two exact plain numbers (different exact values are never equal).
import { normalizeLatex } from './normalize';
import { equivalentNormalized } from './equivalence';
import { parsePlainNumber, rationalKey, rationalToNumber } from './numbers';
import { closeEnough } from './cas';
import { Deadline } from './deadline';

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

/** Milliseconds of CAS work one grouping call may spend in total before falling back to keys only. */
const GROUP_TIME_LIMIT_MS = 400;
/** Milliseconds one comparison within a grouping may spend. */
const COMPARE_TIME_LIMIT_MS = 120;

function describe(normalized: string): { key: string; number: Representative['number'] } {
  const n = parsePlainNumber(normalized);
  if (!n) return { key: normalized.toLowerCase().replace(/\s+/g, ''), number: null };
  return { key: `#${rationalKey(n)}`, number: { value: rationalToNumber(n), rounded: /\.\d/.test(normalized) } };
}

function sameGroup(a: Representative, b: Pick<Representative, 'normalized' | 'number'>, deadline: Deadline, compareLimitMs: number): boolean {
  if (a.number && b.number) {
    // exact values with different keys differ; a rounded decimal may match within tolerance
    return (a.number.rounded || b.number.rounded) && closeEnough(a.number.value, b.number.value);
  }
  return equivalentNormalized(a.normalized, b.normalized, new Deadline(Math.min(deadline.remaining(), compareLimitMs))).equal;
}

/** `timeLimitScale` multiplies the time limits (offline evaluation trades latency for time-outs that practically never happen). */
export function groupByEquivalence(answers: ReadonlyArray<string | null>, options: { cheapOnly?: boolean; timeLimitScale?: number } = {}): AnswerGroup[] {
  const scale = options.timeLimitScale ?? 1;
  const groups: AnswerGroup[] = [];
  const byKey = new Map<string, AnswerGroup>();
  const representatives: Representative[] = [];
  const deadline = new Deadline(GROUP_TIME_LIMIT_MS * scale);
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
    const useCas = !options.cheapOnly && deadline.remaining() > 0;
    const match = useCas ? representatives.find((r) => sameGroup(r, { normalized, number }, deadline, COMPARE_TIME_LIMIT_MS * scale)) : undefined;
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
