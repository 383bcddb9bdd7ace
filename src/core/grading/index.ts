// Public grading API: answer extraction, normalisation, equivalence and grouping. Every function is
// pure, time-boxed and never throws (model output is untrusted).
import { extractFromResponse } from './extract';
import { normalizeLatex } from './normalize';
import { equivalent } from './equivalence';
import { groupByEquivalence } from './group';
import { Deadline, GRADE_TIME_LIMIT_MS } from './deadline';

export type { AnswerGroup } from './group';

/** The final answer of a whole model response, or null. Never throws. */
export function extractAnswer(response: string): string | null {
  try {
    if (typeof response !== 'string') return null;
    const answer = extractFromResponse(response);
    return answer && answer.trim() ? answer.trim() : null;
  } catch {
    return null;
  }
}

/** A cleaned-up answer string (LaTeX normalised), for display and cheap keys. Never throws. */
export function normalizeAnswer(answer: string): string {
  try {
    return typeof answer === 'string' ? normalizeLatex(answer) : '';
  } catch {
    return typeof answer === 'string' ? answer.trim() : '';
  }
}

/**
 * Options of the time-boxed calls. `timeLimitScale` multiplies their time limits: a time-out is the one
 * outcome that depends on machine load, so offline evaluation (ponder eval) uses a large scale to make
 * its grading reproducible.
 */
export interface GradingOptions {
  timeLimitScale?: number;
}

/** Whether two answers are mathematically equivalent. Synchronous, time-boxed, never throws. */
export function gradeAnswer(gold: string, pred: string, options: GradingOptions = {}): { equal: boolean; timeout?: boolean } {
  try {
    if (typeof gold !== 'string' || typeof pred !== 'string') return { equal: false };
    return equivalent(gold, pred, new Deadline(GRADE_TIME_LIMIT_MS * (options.timeLimitScale ?? 1)));
  } catch {
    return { equal: false };
  }
}

export function answersEqual(a: string, b: string): boolean {
  return gradeAnswer(a, b).equal;
}

/** Clusters equivalent answers (null = no answer, never grouped). Groups in order of first appearance. */
export function groupAnswers(answers: ReadonlyArray<string | null>, options: GradingOptions = {}): import('./group').AnswerGroup[] {
  try {
    return groupByEquivalence(answers, options);
  } catch {
    // Last resort: group by normalised text only.
    return groupByEquivalence(answers, { cheapOnly: true });
  }
}
