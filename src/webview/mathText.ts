/**
 * Splits model text into prose and math: `$...$`, `$$...$$`, `\(...\)`, `\[...\]`, bare
 * `\begin{env}...\end{env}` and bare `\boxed{...}`. Pure, no DOM, so it is tested in Node too.
 * An unclosed delimiter (common while a step streams) leaves the rest as prose.
 */

export type Segment = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean; source: string };

const DISPLAY_ENVIRONMENTS = /^(equation|align|gather|multline|eqnarray|flalign|alignat|displaymath)\*?$/;

export function splitMath(text: string): Segment[] {
  const segments: Segment[] = [];
  let prose = '';
  let i = 0;
  const flush = () => {
    if (prose) segments.push({ kind: 'text', text: prose });
    prose = '';
  };
  while (i < text.length) {
    const math = mathAt(text, i);
    if (math) {
      flush();
      segments.push(math.segment);
      i = math.end;
    } else if (text[i] === '\\' && text[i + 1] === '$') {
      prose += '$';
      i += 2;
    } else {
      prose += text[i++];
    }
  }
  flush();
  return segments;
}

function mathAt(text: string, i: number): { segment: Segment; end: number } | null {
  if (text.startsWith('$$', i)) return delimited(text, i, '$$', '$$', true);
  if (text[i] === '$') return delimited(text, i, '$', '$', false);
  if (text.startsWith('\\[', i)) return delimited(text, i, '\\[', '\\]', true);
  if (text.startsWith('\\(', i)) return delimited(text, i, '\\(', '\\)', false);
  if (text.startsWith('\\begin{', i)) return environment(text, i);
  if (text.startsWith('\\boxed{', i)) {
    const close = matchingBrace(text, i + '\\boxed'.length);
    if (close < 0) return null;
    const source = text.slice(i, close + 1);
    return { segment: { kind: 'math', tex: source, display: false, source }, end: close + 1 };
  }
  return null;
}

function delimited(text: string, start: number, open: string, close: string, display: boolean): { segment: Segment; end: number } | null {
  let at = start + open.length;
  while (at < text.length) {
    const found = text.indexOf(close, at);
    if (found < 0) return null;
    if (text[found - 1] === '\\' && close === '$') {
      at = found + 1;
      continue;
    }
    const tex = text.slice(start + open.length, found);
    if (tex.trim().length === 0) return null;
    const end = found + close.length;
    return { segment: { kind: 'math', tex, display, source: text.slice(start, end) }, end };
  }
  return null;
}

function environment(text: string, start: number): { segment: Segment; end: number } | null {
  const name = /^\\begin\{([A-Za-z*]+)\}/.exec(text.slice(start, start + 40))?.[1];
  if (!name || !DISPLAY_ENVIRONMENTS.test(name)) return null;
  const endTag = `\\end{${name}}`;
  const found = text.indexOf(endTag, start);
  if (found < 0) return null;
  const end = found + endTag.length;
  const source = text.slice(start, end);
  return { segment: { kind: 'math', tex: source, display: true, source }, end };
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function matchingBrace(text: string, open: number): number {
  if (text[open] !== '{') return -1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

export type ProseRun = { text: string; strong: boolean };

/**
 * Light Markdown for prose: `**bold**` and heading lines (`## Step 1: ...`) become strong runs,
 * the heading marks removed. Everything else stays literal text.
 */
export function proseRuns(text: string): ProseRun[] {
  const runs: ProseRun[] = [];
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    const suffix = n < lines.length - 1 ? '\n' : '';
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      runs.push({ text: heading[1], strong: true }, { text: suffix, strong: false });
      return;
    }
    const parts = line.split('**');
    // An odd count of `**` leaves the last one literal.
    if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts[parts.length - 2]}**${parts[parts.length - 1]}`);
    parts.forEach((part, k) => runs.push({ text: part, strong: k % 2 === 1 }));
    runs.push({ text: suffix, strong: false });
  });
  return runs.filter((r) => r.text.length > 0);
}
