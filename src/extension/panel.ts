// The solution panel: one WebviewPanel showing this window's run history. It forwards the runs'
// events to the webview (which renders them through the shared reducer), answers `ready` with every
// run so far (after a hide/show or a reload), and acts on the webview's typed messages.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { FromWebview, PanelConfig, ServerStatus, ToWebview } from '../shared/messages';
import { buildPanelHtml } from '../shared/panelHtml';
import { readSettings } from './config';
import type { Runs } from './runs';

export const PANEL_VIEW_TYPE = 'ponder.panel';

/** What the panel asks the rest of the extension to do. */
export interface PanelActions {
  cancel(runId: string): void;
  insertAnswer(runId: string, answer: string): Promise<void>;
  insertText(runId: string, markdown: string): Promise<void>;
  serverState(): { state: ServerStatus; message?: string };
}

const fromWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), restoredRunIds: z.array(z.string()) }),
  z.object({ type: z.literal('copy'), what: z.enum(['answer', 'solution']), text: z.string() }),
  z.object({ type: z.literal('insertAnswer'), runId: z.string(), answer: z.string() }),
  z.object({ type: z.literal('insertSolution'), runId: z.string(), candidateId: z.string(), markdown: z.string() }),
  z.object({ type: z.literal('cancelRun'), runId: z.string() }),
  z.object({ type: z.literal('selectRun'), runId: z.string() }),
  z.object({ type: z.literal('serverAction'), action: z.enum(['restart', 'showLog', 'openSettings', 'checkEndpoints']) }),
]);

function panelConfig(): PanelConfig {
  return { lowScoreThreshold: readSettings().settings.verifier.lowScoreThreshold };
}

export class SolutionPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The webview's script said `ready` and has not been torn down (hidden without retained context) since. */
  private ready = false;
  private selectedRunId: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly postedEmitter = new vscode.EventEmitter<ToWebview>();
  /** Every message posted to the webview (the tests check that no API key is ever among them). */
  readonly onDidPostMessage = this.postedEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: Runs,
    private readonly actions: PanelActions,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.attach(panel),
      }),
      runs.onDidStart((header) => this.post({ type: 'runStarted', header })),
      runs.onDidAppend(({ runId, events }) => this.post({ type: 'runEvents', runId, events })),
      runs.onDidEnd(({ runId, failure }) => {
        if (failure !== undefined) this.post({ type: 'runFailed', runId, message: failure });
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ponder.verifier.lowScoreThreshold')) this.post({ type: 'config', config: panelConfig() });
      }),
    );
  }

  /** The run the user last picked in the panel, if it is still known. */
  get selectedRun(): string | undefined {
    return this.selectedRunId !== undefined && this.runs.get(this.selectedRunId) ? this.selectedRunId : undefined;
  }

  /** Opens (or reveals) the panel beside the editor, showing this run when given. */
  show(runId?: string, preserveFocus = true): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        'Ponder',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
        this.webviewOptions(),
      );
      this.attach(panel);
    } else this.panel.reveal(undefined, preserveFocus);
    if (runId !== undefined) {
      this.selectedRunId = runId;
      this.post({ type: 'showRun', runId });
    }
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  serverStateChanged(state: ServerStatus, message?: string): void {
    this.post({ type: 'serverState', state, ...(message === undefined ? {} : { message }) });
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidChangeViewState(() => {
        // A hidden webview without retained context is destroyed; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
  }

  private html(webview: vscode.Webview): string {
    const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    const state = this.actions.serverState();
    return buildPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: uri('dist', 'webview.js'),
      styleUris: [uri('media', 'panel.css')],
      katexCssUri: uri('media', 'katex', 'katex.min.css'),
      initialState: {
        config: panelConfig(),
        serverState: state.state,
        ...(this.selectedRun === undefined ? {} : { selectRunId: this.selectedRun }),
      },
    });
  }

  private post(message: ToWebview): void {
    if (!this.panel || !this.ready) return; // the snapshot sent on the next `ready` carries it
    this.postedEmitter.fire(message);
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = fromWebviewSchema.safeParse(raw);
    if (!parsed.success) return; // only our own script posts here; anything else is ignored
    const message: FromWebview = parsed.data;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const state = this.actions.serverState();
        this.post({ type: 'config', config: panelConfig() });
        this.post({ type: 'serverState', state: state.state, ...(state.message === undefined ? {} : { message: state.message }) });
        this.post({
          type: 'restoreRuns',
          runs: this.runs.snapshots(),
          ...(this.selectedRun === undefined ? {} : { selectRunId: this.selectedRun }),
        });
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
      case 'insertAnswer':
        await this.actions.insertAnswer(message.runId, message.answer);
        return;
      case 'insertSolution':
        await this.actions.insertText(message.runId, message.markdown);
        return;
      case 'cancelRun':
        this.actions.cancel(message.runId);
        return;
      case 'selectRun':
        this.selectedRunId = message.runId;
        return;
      case 'serverAction': {
        const commands: Record<typeof message.action, string> = {
          restart: 'ponder.restartServer',
          showLog: 'ponder.showServerLog',
          openSettings: 'ponder.openSettings',
          checkEndpoints: 'ponder.checkEndpoints',
        };
        await vscode.commands.executeCommand(commands[message.action]);
        return;
      }
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
    this.postedEmitter.dispose();
  }
}
