// The final answer of a run as an inline decoration after the problem it solved, with a hover that
// shows the vote. Answers are model output: they are shown as plain text, never as Markdown or HTML.
import * as vscode from 'vscode';
import type { Vote } from '../shared/events';
import type { RunEnded, Runs } from './runs';

export interface AnswerMark {
  runId: string;
  range: vscode.Range;
  answer: string;
  votes: readonly Vote[];
  partial: boolean;
}

/** The hover: the answer and the vote, each answer as escaped text. */
export function voteHover(mark: AnswerMark): vscode.MarkdownString {
  const hover = new vscode.MarkdownString();
  hover.isTrusted = { enabledCommands: ['ponder.showPanel'] };
  hover.appendMarkdown(`**Ponder**${mark.partial ? ' (partial result)' : ''}: `);
  hover.appendText(mark.answer);
  hover.appendMarkdown('\n\n');
  const total = mark.votes.reduce((sum, v) => sum + v.weight, 0);
  for (const vote of mark.votes.slice(0, 8)) {
    hover.appendMarkdown('- ');
    hover.appendText(
      `${vote.answer}: weight ${vote.weight.toFixed(2)}${total > 0 ? ` (${Math.round((100 * vote.weight) / total)}%)` : ''}, ${vote.count} solution${vote.count === 1 ? '' : 's'}`,
    );
    hover.appendMarkdown('\n');
  }
  if (mark.votes.length > 8) hover.appendMarkdown(`- … ${mark.votes.length - 8} more answers\n`);
  hover.appendMarkdown(`\n[Show in panel](command:ponder.showPanel?${encodeURIComponent(JSON.stringify([mark.runId]))})`);
  return hover;
}

/** Where a range lands after a document change, or undefined when the change touched it. */
export function shiftRange(range: vscode.Range, change: vscode.TextDocumentContentChangeEvent): vscode.Range | undefined {
  if (change.range.end.isBefore(range.start)) {
    const lineDelta = (change.text.match(/\n/g)?.length ?? 0) - (change.range.end.line - change.range.start.line);
    return new vscode.Range(range.start.translate(lineDelta), range.end.translate(lineDelta));
  }
  if (change.range.start.isAfter(range.end)) return range;
  return undefined;
}

export class AnswerDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: {
      margin: '0 0 0 1.5em',
      color: new vscode.ThemeColor('editorCodeLens.foreground'),
      fontStyle: 'italic',
    },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly marks = new Map<string, AnswerMark[]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: Runs) {
    this.disposables.push(
      runs.onDidEnd((ended) => this.onRunEnded(ended)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((document) => this.marks.delete(document.uri.toString())),
    );
  }

  /** The marks shown in a document (the tests read them). */
  marksFor(uri: vscode.Uri): readonly AnswerMark[] {
    return this.marks.get(uri.toString()) ?? [];
  }

  private onRunEnded({ runId, result }: RunEnded): void {
    const origin = this.runs.origin(runId);
    if (!origin || !result || result.answer === null) return;
    const key = origin.uri.toString();
    // A new answer for the same problem replaces the old one.
    const kept = (this.marks.get(key) ?? []).filter((m) => !m.range.intersection(origin.range));
    kept.push({ runId, range: origin.range, answer: result.answer, votes: result.votes, partial: result.partial });
    this.marks.set(key, kept);
    this.renderAll();
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const marks = this.marks.get(key);
    if (!marks || event.contentChanges.length === 0) return;
    const moved = marks.flatMap((mark) => {
      let range: vscode.Range | undefined = mark.range;
      for (const change of event.contentChanges) range = range && shiftRange(range, change);
      return range ? [{ ...mark, range }] : [];
    });
    this.marks.set(key, moved);
    this.renderAll();
  }

  private renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const marks = this.marks.get(editor.document.uri.toString()) ?? [];
      editor.setDecorations(
        this.type,
        marks.map((mark) => ({
          // The whole problem carries the hover; `after` puts the answer at its end.
          range: mark.range,
          hoverMessage: voteHover(mark),
          renderOptions: { after: { contentText: `⟹ ${mark.answer}${mark.partial ? ' (partial)' : ''}` } },
        })),
      );
    }
  }

  dispose(): void {
    this.type.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
