// Solving: a run gets its id here (so the panel opens on it and the first `ponder/runEvents` batch can
// be matched), is registered before the request goes out, and ends with its result or the reason it failed.
import * as vscode from 'vscode';
import type { SolveResult } from '../shared/events';
import { newRunId, type SolveRequest } from '../shared/solveRequest';
import type { ServerClient } from './client';
import * as notify from './notify';
import type { SolutionPanel } from './panel';
import type { DocumentText } from './problemSource';
import type { Runs } from './runs';

export interface SolveContext {
  server: ServerClient;
  runs: Runs;
  panel: SolutionPanel;
}

/** What the user picks for one run (the Solve with Budget / Strategy commands): part of the solve request. */
export type SolveOptions = Pick<SolveRequest, 'budget' | 'strategy'>;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function solveText(ctx: SolveContext, source: DocumentText, options: SolveOptions = {}): Promise<SolveResult | undefined> {
  const problem = source.text.trim();
  if (problem === '') {
    notify.warn('Ponder: the selected problem is empty. Select the text of a problem, or put the cursor in a "# Problem" block.');
    return undefined;
  }
  if (!(await ctx.server.whenRunning())) {
    notify.error(
      `Ponder cannot solve ${source.label}: the language server is ${ctx.server.state.state}.`,
      notify.actions.restart(),
      notify.actions.showLog(),
    );
    return undefined;
  }
  const runId = newRunId();
  ctx.runs.begin({ runId, problem, label: source.label, ...options }, { uri: source.uri, range: source.range });
  ctx.panel.show(runId);
  const range = {
    start: { line: source.range.start.line, character: source.range.start.character },
    end: { line: source.range.end.line, character: source.range.end.character },
  };
  try {
    const result = await ctx.server.solve({ runId, problem, ...options, uri: source.uri.toString(), range });
    if (!result) {
      ctx.runs.fail(runId, 'the language server is not running');
      return undefined;
    }
    ctx.runs.end(runId, result);
    if (result.error !== undefined)
      notify.error(`Ponder could not solve ${source.label}: ${result.error}`, notify.actions.openSettings(), notify.actions.showLog());
    return result;
  } catch (error) {
    const message = `the request failed: ${errorMessage(error)}`;
    ctx.runs.fail(runId, message);
    notify.error(`Ponder could not solve ${source.label}: ${message}`, notify.actions.showLog(), notify.actions.restart());
    return undefined;
  }
}

/** Cancels the newest run in progress, or the one the user picks when several are. */
export async function cancelRun(ctx: SolveContext): Promise<void> {
  const active = ctx.runs.activeRuns();
  if (active.length === 0) {
    notify.info('Ponder: no run is in progress.');
    return;
  }
  let runId = active[0].header.runId;
  if (active.length > 1) {
    const picked = await vscode.window.showQuickPick(
      active.map((r) => ({
        label: r.header.label ?? r.header.runId,
        description: `${r.model.usage.generations}/${r.model.budget ?? '?'} generations`,
        detail: r.header.problem.slice(0, 120),
        runId: r.header.runId,
      })),
      { title: 'Ponder: Cancel Run', placeHolder: 'Which run?' },
    );
    if (!picked) return;
    runId = picked.runId;
  }
  await ctx.server.cancel(runId);
}
