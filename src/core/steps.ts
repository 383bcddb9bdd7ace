// Splits a solution into steps on the delimiter (a blank line by default), keeping each step's
// character offsets in the solution. The policy and the verifier use this one function.
export interface Step {
  index: number;
  text: string;
  /** Offsets of `text` in the solution: solution.slice(start, end) === text. */
  start: number;
  end: number;
}

export const DEFAULT_STEP_DELIMITER = '\n\n';

export function splitSteps(solution: string, delimiter = DEFAULT_STEP_DELIMITER): Step[] {
  if (!delimiter) throw new Error('the step delimiter must not be empty');
  const steps: Step[] = [];
  let from = 0;
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

/** The text of a partial solution made of `steps`, ready for the next step to be appended. */
export function joinSteps(steps: readonly string[], delimiter = DEFAULT_STEP_DELIMITER): string {
  return steps.length ? steps.join(delimiter) + delimiter : '';
}
