// "Insert Answer" and "Insert Best Solution": put a run's result into the document it was solved from,
// right after the problem.
import * as vscode from 'vscode';
import { defaultCandidateId, solutionMarkdown } from '../shared/runQueries';
import type { RunRecord } from '../shared/runHistory';
import * as notify from './notify';
import type { Runs } from './runs';

/** Text inserted after a problem for its answer. */
export function answerBlock(answer: string): string {
  return `\n\n**Answer:** $\\boxed{${answer}}$`;
}

/** Text inserted after a problem for a solution, as a `# Solution` block the server can score. */
export function solutionBlock(markdown: string): string {
  return `\n\n## Solution (Ponder)\n\n${markdown.trim()}\n`;
}

async function insertAfterProblem(runs: Runs, runId: string, text: string): Promise<boolean> {
  const origin = runs.origin(runId);
  if (!origin) {
    notify.warn('Ponder: this run was not solved from a document, so there is nowhere to insert into.');
    return false;
  }
  const document = await vscode.workspace.openTextDocument(origin.uri);
  const editor = await vscode.window.showTextDocument(document, {
    preserveFocus: false,
    preview: false,
    viewColumn: vscode.ViewColumn.One,
  });
  const at = document.validatePosition(origin.range.end);
  const applied = await editor.edit((edit) => edit.insert(at, text));
  if (!applied) notify.error(`Ponder could not edit ${vscode.workspace.asRelativePath(origin.uri)}; is it read-only?`);
  return applied;
}

/** The run a palette command acts on: the one selected in the panel, else the newest finished one. */
export function targetRun(runs: Runs, selected: string | undefined): RunRecord | undefined {
  const record = selected === undefined ? undefined : runs.get(selected);
  if (record?.model.result) return record;
  return runs.latestFinished(true);
}

export async function insertAnswer(runs: Runs, runId: string, answer: string): Promise<boolean> {
  return insertAfterProblem(runs, runId, answerBlock(answer));
}

export async function insertSolution(runs: Runs, runId: string, markdown: string): Promise<boolean> {
  return insertAfterProblem(runs, runId, solutionBlock(markdown));
}

export async function insertAnswerOf(runs: Runs, record: RunRecord | undefined): Promise<boolean> {
  const answer = record?.model.result?.answer;
  if (!record || answer === undefined || answer === null) {
    notify.info('Ponder: no finished run with an answer yet. Solve a problem first ("Ponder: Solve Selection").');
    return false;
  }
  return insertAnswer(runs, record.header.runId, answer);
}

export async function insertBestSolutionOf(runs: Runs, record: RunRecord | undefined): Promise<boolean> {
  const best = record ? defaultCandidateId(record.model) : null;
  if (!record || best === null) {
    notify.info('Ponder: no finished run with a solution yet. Solve a problem first ("Ponder: Solve Selection").');
    return false;
  }
  return insertSolution(runs, record.header.runId, solutionMarkdown(record.model, best));
}
