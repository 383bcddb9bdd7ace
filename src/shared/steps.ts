// Splits a solution into steps on the delimiter (`ponder.verifier.stepDelimiter`, a blank line by
// default), keeping each step's character offsets in the solution. The engine (policy, verifier,
// strategies), the panel (streamed text) and the simulator all split with this one function. A
// reasoning model's inline thinking (<think>...</think>) is not part of the solution: steps start after it.
import { answerStart } from './thinking';

export interface Step {
  index: number;
  text: string;
  /** Offsets of `text` in the solution: solution.slice(start, end) === text. */
  start: number;
  end: number;
}

/** A blank line (DESIGN.md section 1): the default of `ponder.verifier.stepDelimiter`. */
export const DEFAULT_STEP_DELIMITER = '\n\n';

/** The delimiter is required: a caller that forgot the setting would silently split differently from the engine. */
export function splitSteps(solution: string, delimiter: string): Step[] {
  if (!delimiter) throw new Error('the step delimiter must not be empty');
  const steps: Step[] = [];
  let from = answerStart(solution);
  while (from <= solution.length) {
    const at = solution.indexOf(delimiter, from);
    const end = at === -1 ? solution.length : at;
    const piece = solution.slice(from, end);
    const lead = piece.length - piece.trimStart().length;
    const text = piece.trim();
    if (text) steps.push({ index: steps.length, text, start: from + lead, end: from + lead + text.length });
    if (at === -1) break;
    from = at + delimiter.length;
  }
  return steps;
}

/** Just the steps' texts, for callers that need no offsets. */
export function stepTexts(solution: string, delimiter: string): string[] {
  return splitSteps(solution, delimiter).map((step) => step.text);
}

/** The text of a partial solution made of `steps`, ready for the next step to be appended. */
export function joinSteps(steps: readonly string[], delimiter: string): string {
  return steps.length ? steps.join(delimiter) + delimiter : '';
}
