// Which text to solve or score: the selection, else the `# Problem` block under the cursor (.ponder and
// Markdown), else the paragraph under the cursor.
import * as vscode from 'vscode';
import { parseDocument, problemAt, solutionFor, type Range } from '../shared/documents';

export interface DocumentText {
  text: string;
  uri: vscode.Uri;
  range: vscode.Range;
  /** For the panel, e.g. `problems.md:12`. */
  label: string;
}

export function toVscodeRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function label(document: vscode.TextDocument, range: vscode.Range): string {
  return `${vscode.workspace.asRelativePath(document.uri, false)}:${range.start.line + 1}`;
}

function spanOf(document: vscode.TextDocument, range: vscode.Range): DocumentText {
  return { text: document.getText(range), uri: document.uri, range, label: label(document, range) };
}

/** The blank-line-delimited paragraph around a line, or undefined on a blank line. */
function paragraphAt(document: vscode.TextDocument, line: number): vscode.Range | undefined {
  if (document.lineAt(line).isEmptyOrWhitespace) return undefined;
  let first = line;
  let last = line;
  while (first > 0 && !document.lineAt(first - 1).isEmptyOrWhitespace) first--;
  while (last < document.lineCount - 1 && !document.lineAt(last + 1).isEmptyOrWhitespace) last++;
  return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}

export function problemFromEditor(editor: vscode.TextEditor): DocumentText | undefined {
  const { document, selection } = editor;
  if (!selection.isEmpty && document.getText(selection).trim() !== '') return spanOf(document, selection);
  const problem = problemAt(parseDocument(document.getText()), selection.active);
  if (problem) return spanOf(document, toVscodeRange(problem.body.range));
  const paragraph = paragraphAt(document, selection.active.line);
  return paragraph ? spanOf(document, paragraph) : undefined;
}

/** The problem at a range a code lens points at (the lens passes the problem's body range). */
export function problemAtRange(document: vscode.TextDocument, range: vscode.Range): DocumentText {
  return spanOf(document, range);
}

/**
 * What "Score Steps of Selection" scores: the document's solution under the cursor (or under the
 * selection's start or end), scored in place so the step scores appear as inlay hints; else a
 * selection that holds a `# Problem` and a `# Solution` block of its own, scored as text.
 */
export type ScoreTarget =
  { kind: 'document'; uri: vscode.Uri; position: vscode.Position } | { kind: 'text'; problem: string; solution: string };

export function scoreTargetFromEditor(editor: vscode.TextEditor): ScoreTarget | undefined {
  const { document, selection } = editor;
  const parsed = parseDocument(document.getText());
  for (const position of [selection.active, selection.start, selection.end]) {
    const solution = solutionFor(parsed, position);
    if (solution) return { kind: 'document', uri: document.uri, position: toVscodeRange(solution.body.range).start };
  }
  if (selection.isEmpty) return undefined;
  const selected = parseDocument(document.getText(selection));
  const solution = selected.solutions[0];
  const problem = solution && solution.problemIndex !== null ? selected.problems[solution.problemIndex] : undefined;
  return solution && problem ? { kind: 'text', problem: problem.body.text, solution: solution.body.text } : undefined;
}
