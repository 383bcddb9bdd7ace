// What the server shows in Markdown and `ponder` documents: code lenses above problems ("Solve (budget
// N)") and solutions ("Score steps"), and, after a document scoreSteps, inlay hints with each step's
// score at the step's end and one warning diagnostic on the first step under the threshold.
import { DiagnosticSeverity, InlayHintKind, type CodeLens, type Diagnostic, type InlayHint, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../shared/documents';
import { DOCUMENT_LANGUAGES, SCORE_STEPS_AT_COMMAND, SOLVE_PROBLEM_AT_COMMAND } from '../shared/protocol';
import type { PonderSettings } from '../shared/settings';
import type { DocumentScores } from './documentScores';

export function isPonderDocument(document: TextDocument): boolean {
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(document.languageId);
}

export function codeLenses(document: TextDocument, settings: PonderSettings): CodeLens[] {
  if (!isPonderDocument(document)) return [];
  const parsed = parseDocument(document.getText());
  const lenses: CodeLens[] = [];
  for (const problem of parsed.problems) {
    lenses.push({
      range: problem.heading,
      command: {
        title: `Solve (budget ${settings.budget.generations})`,
        command: SOLVE_PROBLEM_AT_COMMAND,
        arguments: [document.uri, problem.body.range],
      },
    });
  }
  for (const solution of parsed.solutions) {
    lenses.push({
      range: solution.heading,
      command: { title: 'Score steps', command: SCORE_STEPS_AT_COMMAND, arguments: [document.uri, solution.body.range] },
    });
  }
  return lenses;
}

const within = (document: TextDocument, offset: number, range: Range) => {
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  return offset >= from && offset <= to;
};

export function inlayHints(document: TextDocument, scores: DocumentScores, range: Range, settings: PonderSettings): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const placed of scores.place(document.uri, document.getText())) {
    for (const step of placed.steps) {
      if (!within(document, step.end, range)) continue;
      const low = step.score < settings.verifier.lowScoreThreshold;
      hints.push({
        position: document.positionAt(step.end),
        label: `score ${step.score.toFixed(2)}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: `Step ${step.index + 1}: the verifier's probability that this step is correct is ${step.score.toFixed(3)}${low ? `, under ponder.verifier.lowScoreThreshold (${settings.verifier.lowScoreThreshold})` : ''}.`,
      });
    }
  }
  return hints;
}

/** One warning per scored solution, on its first step under the threshold; nothing otherwise. */
export function lowScoreDiagnostics(document: TextDocument, scores: DocumentScores, settings: PonderSettings): Diagnostic[] {
  const threshold = settings.verifier.lowScoreThreshold;
  const diagnostics: Diagnostic[] = [];
  for (const placed of scores.place(document.uri, document.getText())) {
    const first = placed.steps.find((step) => step.score < threshold);
    if (!first) continue;
    diagnostics.push({
      range: { start: document.positionAt(first.start), end: document.positionAt(first.end) },
      severity: DiagnosticSeverity.Warning,
      source: 'ponder',
      code: 'low-step-score',
      message: `Step ${first.index + 1} of "${placed.block.title}" scores ${first.score.toFixed(2)}, under ponder.verifier.lowScoreThreshold (${threshold}): the verifier thinks it is likely wrong. Later steps build on it.`,
    });
  }
  return diagnostics;
}
