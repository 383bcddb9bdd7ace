// Low-level scanning of LaTeX text: balanced groups, command arguments, top-level splitting.
// Everything here is linear-time and tolerant of unbalanced input (model output is untrusted).

/** Index just past the group that opens at `open` (a `{`, `(`, `[`), or -1 when it never closes. */
export function matchingClose(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === '{' ? '}' : opener === '(' ? ')' : ']';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++; // an escaped character never opens or closes a group
      continue;
    }
    if (ch === opener) depth++;
    else if (ch === closer && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The argument of a command whose name ends just before `at`: a `{...}` group (balanced) or, as in
 * `\boxed 5`, the next run of non-space characters. Returns the argument and where it ends.
 */
export function commandArgument(text: string, at: number): { arg: string; end: number } | null {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= text.length) return null;
  if (text[i] === '{') {
    const end = matchingClose(text, i);
    if (end < 0) return { arg: text.slice(i + 1), end: text.length }; // unbalanced: take the rest
    return { arg: text.slice(i + 1, end - 1), end };
  }
  if (i === at) return null; // `\boxedx` is another command, not `\boxed x`
  const m = /^[^\s$\\]+?(?=[.,;:]*(?:[\s$\\]|$))/.exec(text.slice(i, i + 200));
  return m ? { arg: m[0], end: i + m[0].length } : null;
}

/** Splits on any of `separators` found at brace/bracket depth 0 (outside `{}`, `()`, `[]`). */
export function splitTopLevel(text: string, separators: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const sticky = new RegExp(separators.source, 'y' + separators.flags.replace(/[gy]/g, ''));
  /** Cuts at `at` when a separator starts there; returns the index the scan goes on after. */
  const cutAt = (at: number): number | null => {
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m || m[0].length === 0) return null;
    parts.push(text.slice(start, at));
    start = at + m[0].length;
    return start - 1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      // `\{` and `\}` are set braces: they nest like groups
      const next = text[i + 1];
      if (next === '{') depth++;
      else if (next === '}') depth--;
      else if (depth === 0) {
        const resume = cutAt(i);
        if (resume !== null) {
          i = resume;
          continue;
        }
      }
      i++;
      continue;
    }
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (depth === 0) i = cutAt(i) ?? i;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Deepest nesting of `{`, `(`, `[` in the text (unbalanced closers are ignored). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of text) {
    if (ch === '{' || ch === '(' || ch === '[') max = Math.max(max, ++depth);
    else if ((ch === '}' || ch === ')' || ch === ']') && depth > 0) depth--;
  }
  return max;
}

/**
 * Repairs text whose backslash escapes were mangled on the way (JSON written by hand, Python strings):
 * control characters that were `\f`, `\t`, `\b`, `\r`, `\v` before a command name, a literal `\n`
 * between words, and doubled backslashes before a known command (`\\frac` -> `\frac`).
 */
export function repairEscapes(text: string): string {
  return text
    .replace(/\f(?=rac)/g, '\\f')
    .replace(/\t(?=ext|imes|heta|an|frac|op)/g, '\\t')
    .replace(/\x08(?=egin|oxed|eta|ar|inom)/g, '\\b')
    .replace(/\r(?=ight|ho|m\b|angle)/g, '\\r')
    .replace(/\v(?=ec|arepsilon)/g, '\\v')
    .replace(
      /(?<!\\)\\\\(?=(?:boxed|fbox|frac|dfrac|tfrac|sqrt|text|mathrm|textbf|left|right|pi|le|ge|leq|geq|neq|cdot|times|infty|in|cup|pm|circ|sin|cos|tan|log|ln|begin|end)(?![a-zA-Z]))/g,
      '\\',
    )
    .replace(/\\n(?![a-zA-Z])/g, '\n');
}
