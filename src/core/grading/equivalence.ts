// Decides whether two answers are equivalent: normalise, read their shapes, compare under a deadline.
import { normalizeLatex } from './normalize';
import { parseAnswer } from './structure';
import { answersMatch } from './compare';
import { Deadline, GradingTimeout } from './deadline';

export interface Verdict {
  equal: boolean;
  timeout?: boolean;
}

export function equivalent(gold: string, pred: string, deadline: Deadline = new Deadline()): Verdict {
  return equivalentNormalized(normalizeLatex(gold), normalizeLatex(pred), deadline);
}

export function equivalentNormalized(a: string, b: string, deadline: Deadline = new Deadline()): Verdict {
  if (!a || !b) return { equal: false };
  if (a.toLowerCase() === b.toLowerCase()) return { equal: true };
  try {
    return { equal: answersMatch(parseAnswer(a), parseAnswer(b), deadline) };
  } catch (err) {
    if (err instanceof GradingTimeout) return { equal: false, timeout: true };
    return { equal: false };
  }
}
