// "Score Steps of Selection": the verifier's score for each step of a solution. Scored in the document,
// the server shows the scores as inlay hints and flags the first low step; scored as text, a summary
// notification says the same.
import * as vscode from 'vscode';
import type { ScoreStepsResponse } from '../shared/protocol';
import type { ServerClient } from './client';
import * as notify from './notify';
import type { ScoreTarget } from './problemSource';

const plain = (p: vscode.Position) => ({ line: p.line, character: p.character });

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line about a scored solution, e.g. "4 steps: 0.93 0.88 0.41 0.77; first low step: 3". */
export function scoreSummary(response: ScoreStepsResponse): string {
  const scores = response.steps.map((s) => s.score.toFixed(2)).join(' ');
  const low = response.firstLowStep === null ? 'no step scored low' : `first low step: ${response.firstLowStep + 1}`;
  return `${response.steps.length} step${response.steps.length === 1 ? '' : 's'}: ${scores}; ${low}`;
}

export async function scoreSteps(server: ServerClient, target: ScoreTarget): Promise<ScoreStepsResponse | undefined> {
  try {
    const response =
      target.kind === 'document'
        ? await server.scoreSteps({ uri: target.uri.toString(), range: { start: plain(target.position), end: plain(target.position) } })
        : await server.scoreSteps({ problem: target.problem, solution: target.solution });
    if (response && target.kind === 'text') notify.info(`Ponder step scores: ${scoreSummary(response)}`);
    return response;
  } catch (error) {
    notify.error(`Ponder could not score the steps: ${errorMessage(error)}`, notify.actions.openSettings(), notify.actions.showLog());
    return undefined;
  }
}

export function noSolutionMessage(editor: vscode.TextEditor): void {
  notify.warn(
    `Ponder: nothing to score in ${vscode.workspace.asRelativePath(editor.document.uri)}. Put the cursor in a "# Solution" block under a "# Problem", or select both.`,
  );
}
