// Public grading API: answer extraction, normalisation, equivalence and grouping. Every function is
// pure, deterministic (bounded by work, never by the clock) and never throws (model output is untrusted).
import { extractFromResponse } from './extract';
import { normalizeLatex } from './normalize';
import { equivalent } from './equivalence';
import { groupByEquivalence } from './group';
import { splitThinking } from '../../shared/thinking';

export type { AnswerGroup } from './group';

/** The final answer of a whole model response, or null; read from the answer part only, never from a reasoning model's <think> section. Never throws. */
export function extractAnswer(response: string): string | null {
  try {
    if (typeof response !== 'string') return null;
    const answer = extractFromResponse(splitThinking(response).answer);
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

/** Whether two answers are mathematically equivalent. Synchronous, bounded in work, never throws. */
export function gradeAnswer(gold: string, pred: string): { equal: boolean; exhausted?: boolean } {
  try {
    if (typeof gold !== 'string' || typeof pred !== 'string') return { equal: false };
    return equivalent(gold, pred);
  } catch {
    return { equal: false };
  }
}

export function answersEqual(a: string, b: string): boolean {
  return gradeAnswer(a, b).equal;
}

/** Clusters equivalent answers (null = no answer, never grouped). Groups in order of first appearance. */
export function groupAnswers(answers: ReadonlyArray<string | null>): import('./group').AnswerGroup[] {
  try {
    return groupByEquivalence(answers);
  } catch {
    // Last resort: group by normalised text only.
    return groupByEquivalence(answers, { cheapOnly: true });
  }
}
