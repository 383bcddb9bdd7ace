// The problem/solution convention of DESIGN.md section 3, for `.ponder` files and Markdown: a problem is
// the text under a heading whose title starts with "Problem" (any level) up to the next heading; a
// solution is the text under a heading starting with "Solution"; steps are separated by blank lines;
// the answer is the last \boxed{}. Pure: no vscode, Node or DOM imports, so the server, the extension
// and the webview share it. Positions are LSP-style (0-based line, UTF-16 character).

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A piece of the document: its text, character offsets into the document, and its range. */
export interface Span {
  text: string;
  start: number;
  end: number;
  range: Range;
}

export interface ProblemBlock {
  /** 0-based among the document's problems. */
  index: number;
  /** The heading's title, e.g. "Problem 3". */
  title: string;
  heading: Range;
  /** The text under the heading, without leading and trailing blank lines. */
  body: Span;
  /** The whole section: from the heading to the line before the next heading. */
  section: Range;
}

export interface SolutionBlock {
  index: number;
  title: string;
  heading: Range;
  body: Span;
  section: Range;
  /** The nearest problem above this solution, or null. */
  problemIndex: number | null;
  /** Non-empty pieces of the body separated by blank lines, in document coordinates. */
  steps: Span[];
  /** The content of the last \boxed{...} in the body, or null. */
  answer: string | null;
}

export interface ParsedDocument {
  problems: ProblemBlock[];
  solutions: SolutionBlock[];
}

interface Line {
  text: string;
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line's last character (before its line break). */
  end: number;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const PROBLEM_TITLE = /^problem\b/i;
const SOLUTION_TITLE = /^solution\b/i;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    lines.push({ text: text.slice(start, m.index), start, end: m.index });
    start = m.index + m[0].length;
  }
  lines.push({ text: text.slice(start), start, end: text.length });
  return lines;
}

const isBlank = (line: Line) => line.text.trim() === '';

function rangeOf(lines: Line[], first: number, last: number): Range {
  return {
    start: { line: first, character: 0 },
    end: { line: last, character: lines[last].end - lines[last].start },
  };
}

/** The text of lines first..last (inclusive) as a span; null when they are all blank. */
function spanOf(text: string, lines: Line[], first: number, last: number): Span | null {
  while (first <= last && isBlank(lines[first])) first++;
  while (last >= first && isBlank(lines[last])) last--;
  if (first > last) return null;
  const start = lines[first].start;
  const end = lines[last].end;
  return { text: text.slice(start, end), start, end, range: rangeOf(lines, first, last) };
}

/** Splits lines first..last into blank-line-separated steps. */
function stepsOf(text: string, lines: Line[], first: number, last: number): Span[] {
  const steps: Span[] = [];
  let runStart = -1;
  for (let i = first; i <= last + 1; i++) {
    const blank = i > last || isBlank(lines[i]);
    if (!blank && runStart < 0) runStart = i;
    if (blank && runStart >= 0) {
      const span = spanOf(text, lines, runStart, i - 1);
      if (span) steps.push(span);
      runStart = -1;
    }
  }
  return steps;
}

/** The content of the last \boxed{...} (or \fbox{...}) with balanced braces, or null. */
export function lastBoxed(text: string): string | null {
  const opener = /\\(?:boxed|fbox)\s*\{/g;
  let answer: string | null = null;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '\\')
        i++; // an escaped brace does not count
      else if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    if (depth === 0) answer = text.slice(m.index + m[0].length, i - 1).trim();
  }
  return answer;
}

interface Section {
  kind: 'problem' | 'solution' | 'other';
  title: string;
  headingLine: number;
  /** Content lines: headingLine + 1 .. lastLine. */
  lastLine: number;
}

function sectionsOf(lines: Line[]): Section[] {
  const sections: Section[] = [];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const fenceMatch = FENCE.exec(line.text);
    if (fenceMatch) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return; // a `#` inside a code block is not a heading
    const heading = HEADING.exec(line.text);
    if (!heading) return;
    if (sections.length) sections[sections.length - 1].lastLine = i - 1;
    const title = heading[2].trim();
    const kind = PROBLEM_TITLE.test(title) ? 'problem' : SOLUTION_TITLE.test(title) ? 'solution' : 'other';
    sections.push({ kind, title, headingLine: i, lastLine: lines.length - 1 });
  });
  return sections;
}

export function parseDocument(text: string): ParsedDocument {
  const lines = splitLines(text);
  const problems: ProblemBlock[] = [];
  const solutions: SolutionBlock[] = [];
  let lastProblem: number | null = null;
  for (const section of sectionsOf(lines)) {
    const heading = rangeOf(lines, section.headingLine, section.headingLine);
    const whole = rangeOf(lines, section.headingLine, section.lastLine);
    const first = section.headingLine + 1;
    const body = spanOf(text, lines, first, section.lastLine);
    if (section.kind === 'problem') {
      lastProblem = null;
      if (!body) continue;
      lastProblem = problems.length;
      problems.push({ index: problems.length, title: section.title, heading, body, section: whole });
    } else if (section.kind === 'solution' && body) {
      solutions.push({
        index: solutions.length,
        title: section.title,
        heading,
        body,
        section: whole,
        problemIndex: lastProblem,
        steps: stepsOf(text, lines, first, section.lastLine),
        answer: lastBoxed(body.text),
      });
    }
  }
  return { problems, solutions };
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function blockContains(block: { section: Range }, position: Position): boolean {
  return comparePositions(position, block.section.start) >= 0 && comparePositions(position, block.section.end) <= 0;
}

/** The solution whose section (heading to next heading) contains `position`. */
export function solutionAt(doc: ParsedDocument, position: Position): SolutionBlock | undefined {
  return doc.solutions.find((s) => blockContains(s, position));
}

/**
 * "The problem under the cursor": the problem whose section contains `position`, or, inside a
 * solution, that solution's problem.
 */
export function problemAt(doc: ParsedDocument, position: Position): ProblemBlock | undefined {
  const direct = doc.problems.find((p) => blockContains(p, position));
  if (direct) return direct;
  const solution = solutionAt(doc, position);
  return solution && solution.problemIndex !== null ? doc.problems[solution.problemIndex] : undefined;
}

/**
 * The solution to score for a position: the solution containing it, else the first solution of the
 * problem containing it, else (no position) the document's first solution.
 */
export function solutionFor(doc: ParsedDocument, position?: Position): SolutionBlock | undefined {
  if (!position) return doc.solutions[0];
  const direct = solutionAt(doc, position);
  if (direct) return direct;
  const problem = doc.problems.find((p) => blockContains(p, position));
  return problem ? doc.solutions.find((s) => s.problemIndex === problem.index) : undefined;
}
