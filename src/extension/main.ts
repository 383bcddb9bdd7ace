// Ponder's VS Code extension: `activate` builds the parts (language client, runs, panel, status bar,
// answer decorations, API keys) and registers the command table. All the work happens in the
// language server; this side only asks, shows and stores keys.
import * as vscode from 'vscode';
import { SCORE_STEPS_AT_COMMAND, SOLVE_PROBLEM_AT_COMMAND, type RunEventsParams, type ScoreStepsResponse } from '../shared/protocol';
import { STRATEGY_NAMES, type StrategyChoice } from '../shared/strategies';
import type { SolveResult } from '../shared/events';
import type { ToWebview } from '../shared/messages';
import { ServerClient } from './client';
import { CheckPanel } from './checkPanel';
import { AnswerDecorations, type AnswerMark } from './decorations';
import { insertAnswer, insertAnswerOf, insertBestSolutionOf, insertSolution, targetRun } from './insert';
import { clearApiKeys, setApiKey } from './keyCommands';
import { createServerLog, createTraceLog } from './logChannels';
import * as notify from './notify';
import { SolutionPanel } from './panel';
import { problemAtRange, problemFromEditor, scoreTargetFromEditor, toVscodeRange, type DocumentText } from './problemSource';
import { ReportPanels } from './reportPanel';
import { Runs } from './runs';
import { noSolutionMessage, scoreSteps } from './scoreSteps';
import { ApiKeys } from './secrets';
import { cancelRun, solveText, type SolveContext, type SolveOptions } from './solve';
import { StatusBar } from './statusBar';
import { openWalkthroughSample } from './walkthrough';
import { WorkaroundNotices } from './workaroundNotices';

/** What `activate` returns: used by the extension-host tests (and by other extensions, read-only). */
export interface PonderApi {
  /** Resolves once the language server has started (or failed to). */
  readonly ready: Promise<void>;
  isServerRunning(): boolean;
  answerMarks(uri: vscode.Uri): readonly AnswerMark[];
  readonly onDidPostMessage: vscode.Event<ToWebview>;
  /** Every `ponder/runEvents` batch from the server. */
  readonly onRunEvents: vscode.Event<RunEventsParams>;
  /** Solve the problem at a range of a document, as the code lens does. */
  solveRange(uri: vscode.Uri, range: vscode.Range, options?: SolveOptions): Promise<SolveResult | undefined>;
}

const BUDGETS = [1, 4, 16, 64, 256];
const STRATEGY_DETAILS: Record<StrategyChoice, string> = {
  auto: 'the router picks one per problem from its difficulty and the budget',
  majority: 'N samples, most frequent answer (self-consistency)',
  'best-of-n': 'N samples, highest last-step verifier score',
  'weighted-best-of-n': 'N samples, verifier-weighted vote',
  beam: 'beam search over steps, scored by the verifier',
  lookahead: 'beam search with greedy rollouts to score each step',
  revisions: 'sequential self-revisions in parallel chains',
};

function activeEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) notify.info('Ponder: open a document with a math problem first.');
  return editor;
}

function problemOrExplain(editor: vscode.TextEditor): DocumentText | undefined {
  const source = problemFromEditor(editor);
  if (!source) notify.warn('Ponder: select a problem, or put the cursor in a "# Problem" block or a paragraph.');
  return source;
}

async function pickBudget(): Promise<number | undefined> {
  const custom = 'Custom...';
  const picked = await vscode.window.showQuickPick([...BUDGETS.map(String), custom], {
    title: 'Ponder: Solve with Budget',
    placeHolder: 'Generations to spend on this problem',
  });
  if (picked === undefined) return undefined;
  if (picked !== custom) return Number(picked);
  const typed = await vscode.window.showInputBox({
    title: 'Ponder: budget in generations',
    validateInput: (text) => (/^[1-9]\d{0,5}$/.test(text.trim()) ? undefined : 'A whole number of generations, 1 or more.'),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

async function pickStrategy(): Promise<StrategyChoice | undefined> {
  const items = (['auto', ...STRATEGY_NAMES] as StrategyChoice[]).map((name) => ({ label: name, detail: STRATEGY_DETAILS[name] }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Ponder: Solve with Strategy',
    placeHolder: 'Strategy for this problem',
  });
  return picked?.label;
}

let activeServer: ServerClient | undefined;

export function activate(context: vscode.ExtensionContext): PonderApi {
  const keys = new ApiKeys(context.secrets);
  const known = () => keys.knownValues();
  const server = new ServerClient(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath,
    keys,
    createServerLog(known),
    createTraceLog(known),
  );
  activeServer = server;
  notify.logTo(server.log);
  const runs = new Runs();
  const panel = new SolutionPanel(context.extensionUri, runs, {
    cancel: (runId) => void server.cancel(runId),
    insertAnswer: async (runId, answer) => void (await insertAnswer(runs, runId, answer)),
    insertText: async (runId, markdown) => void (await insertSolution(runs, runId, markdown)),
    serverState: () => server.state,
  });
  const statusBar = new StatusBar();
  const reports = new ReportPanels(context.extensionUri);
  const decorations = new AnswerDecorations(runs);
  const checks = new CheckPanel(context.extension, server);
  const workarounds = new WorkaroundNotices();
  const ctx: SolveContext = { server, runs, panel };

  const showActiveRun = () => statusBar.runChanged(runs.activeRuns()[0]?.model);
  const solveFromEditor = async (options: () => Promise<SolveOptions | undefined>) => {
    const editor = activeEditor();
    const source = editor && problemOrExplain(editor);
    if (!source) return undefined;
    const chosen = await options();
    return chosen && solveText(ctx, source, chosen);
  };

  const commands: Record<string, (...args: never[]) => unknown> = {
    'ponder.solveSelection': () => solveFromEditor(async () => ({})),
    'ponder.solveWithBudget': () =>
      solveFromEditor(async () => {
        const budget = await pickBudget();
        return budget === undefined ? undefined : { budget };
      }),
    'ponder.solveWithStrategy': () =>
      solveFromEditor(async () => {
        const strategy = await pickStrategy();
        return strategy === undefined ? undefined : { strategy };
      }),
    'ponder.scoreSteps': async (): Promise<ScoreStepsResponse | undefined> => {
      const editor = activeEditor();
      if (!editor) return undefined;
      const target = scoreTargetFromEditor(editor);
      if (!target) return void noSolutionMessage(editor);
      return scoreSteps(server, target);
    },
    [SOLVE_PROBLEM_AT_COMMAND]: async (
      uri: string,
      range: { start: { line: number; character: number }; end: { line: number; character: number } },
    ) => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      return solveText(ctx, problemAtRange(document, toVscodeRange(range)));
    },
    [SCORE_STEPS_AT_COMMAND]: async (uri: string, range: { start: { line: number; character: number } }) =>
      scoreSteps(server, {
        kind: 'document',
        uri: vscode.Uri.parse(uri),
        position: new vscode.Position(range.start.line, range.start.character),
      }),
    'ponder.cancelRun': () => cancelRun(ctx),
    'ponder.showPanel': (runId?: string) => panel.show(typeof runId === 'string' ? runId : runs.latestRunId(), false),
    'ponder.insertAnswer': () => insertAnswerOf(runs, targetRun(runs, panel.selectedRun)),
    'ponder.insertBestSolution': () => insertBestSolutionOf(runs, targetRun(runs, panel.selectedRun)),
    'ponder.setApiKey': () => setApiKey(keys),
    'ponder.clearApiKeys': () => clearApiKeys(keys),
    'ponder.openSettings': () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:ponder.ponder'),
    'ponder.showServerLog': () => server.log.show(true),
    'ponder.restartServer': () => server.restart(),
    'ponder.openEvaluationReport': (target?: unknown) => reports.open(target),
    'ponder.checkEndpoints': () => checks.check(),
    'ponder.openWalkthroughSample': () => openWalkthroughSample(context.extensionUri),
  };

  context.subscriptions.push(
    keys,
    server,
    runs,
    panel,
    statusBar,
    reports,
    decorations,
    checks,
    ...Object.entries(commands).map(([name, handler]) => vscode.commands.registerCommand(name, handler)),
    server.onDidChangeState((change) => {
      statusBar.serverChanged(change);
      panel.serverStateChanged(change.state, change.message);
    }),
    server.onServerStatus((status) => statusBar.healthChanged(status)),
    server.onRunEvents(({ runId, events }) => runs.append(runId, events)),
    runs.onDidAppend(({ runId, events }) => {
      const message = workarounds.consider(runId, events);
      if (message) notify.info(message, notify.actions.checkEndpoints());
    }),
    runs.onDidStart(showActiveRun),
    runs.onDidAppend(showActiveRun),
    runs.onDidEnd(showActiveRun),
  );

  const ready = server.start();
  return {
    ready,
    isServerRunning: () => server.isRunning(),
    answerMarks: (uri) => decorations.marksFor(uri),
    onDidPostMessage: panel.onDidPostMessage,
    onRunEvents: server.onRunEvents,
    solveRange: async (uri, range, options = {}) => {
      const document = await vscode.workspace.openTextDocument(uri);
      return solveText(ctx, problemAtRange(document, range), options);
    },
  };
}

/** VS Code waits for this, so the language server is shut down cleanly rather than orphaned. */
export function deactivate(): Promise<void> | undefined {
  return activeServer?.stop();
}
