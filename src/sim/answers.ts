// Final answers: extracting the last \boxed{...} and comparing answers as the simulator writes them.

/** Contents of every \boxed{...} (balanced braces) in order; empty boxes (instructions) are skipped. */
export function boxedAnswers(text: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('\\boxed{', from);
    if (start < 0) return found;
    let depth = 0;
    let end = -1;
    for (let i = start + 6; i < text.length; i++) {
      const ch = text[i];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) return found;
    const inner = text.slice(start + 7, end).trim();
    if (inner) found.push(inner);
    from = end + 1;
  }
}

export function lastBoxed(text: string): string | null {
  const all = boxedAnswers(text);
  return all.length ? all[all.length - 1] : null;
}

/** An answer as the simulator compares it: spacing and \left/\right do not matter. */
export function answerKey(answer: string): string {
  return answer.replace(/\\left|\\right|\\!|\\,|\s+/g, '').replace(/\\dfrac|\\tfrac/g, '\\frac');
}

/** Compares answers as the simulator writes them. */
export function sameAnswer(a: string, b: string): boolean {
  return answerKey(a) === answerKey(b);
}
