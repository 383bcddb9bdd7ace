// Decides whether two answers are equivalent (first version: normalised text and plain numbers).
import { normalizeLatex } from './normalize';
import { parsePlainNumber } from './numbers';

export interface Verdict {
  equal: boolean;
  timeout?: boolean;
}

export function equivalent(gold: string, pred: string): Verdict {
  const a = normalizeLatex(gold);
  const b = normalizeLatex(pred);
  if (!a || !b) return { equal: false };
  if (a.toLowerCase() === b.toLowerCase()) return { equal: true };
  const x = parsePlainNumber(a);
  const y = parsePlainNumber(b);
  if (x && y) return { equal: x.num === y.num && x.den === y.den };
  return { equal: false };
}
