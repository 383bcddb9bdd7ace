// "Ponder: Open Evaluation Report": shows a `ponder eval --out DIR` folder's report.md (tables, and the
// plots as images, rendered by reportView.ts) in a webview with no scripts at all, which may load files
// from the report's folder and the extension's media/ only. One panel per report folder; opening the
// same folder again reveals and refreshes it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import * as notify from './notify';
import { REPORT_FILE, reportPageHtml } from './reportView';

export const REPORT_VIEW_TYPE = 'ponder.evaluationReport';
/** The eval folder a command argument names: the folder itself, or the folder of its report.md. */
function folderOf(uri: vscode.Uri): string {
  return basename(uri.fsPath) === REPORT_FILE ? dirname(uri.fsPath) : uri.fsPath;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Ponder: Open Evaluation Report',
    openLabel: 'Open Report',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
  });
  return picked?.[0];
}

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  /**
   * The command: opens the report of `target` (a folder or its report.md, e.g. from the explorer),
   * or of a folder the user picks. Resolves with the folder shown, or undefined.
   */
  async open(target?: unknown): Promise<string | undefined> {
    const uri = target instanceof vscode.Uri ? target : await pickFolder();
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      notify.error(`Ponder: evaluation reports are read from local folders; ${uri.toString()} is not one.`);
      return undefined;
    }
    const folder = folderOf(uri);
    if (!existsSync(join(folder, REPORT_FILE))) {
      notify.error(`Ponder: ${folder} has no ${REPORT_FILE}. Pick the folder given to "ponder eval --out DIR".`);
      return undefined;
    }
    let markdown: string;
    try {
      markdown = readFileSync(join(folder, REPORT_FILE), 'utf8');
    } catch (error) {
      notify.error(`Ponder: cannot read the evaluation report in ${folder}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.show(folder, markdown);
    return folder;
  }

  private show(folder: string, markdown: string): void {
    let panel = this.panels.get(folder);
    if (panel) panel.reveal();
    else {
      panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, `Evaluation: ${basename(folder)}`, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.file(folder)],
      });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      this.panels.set(folder, panel);
      panel.onDidDispose(() => this.panels.delete(folder));
    }
    const { webview } = panel;
    const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')).toString();
    const plotUri = (path: string) => webview.asWebviewUri(vscode.Uri.file(path)).toString();
    webview.html = reportPageHtml({ cspSource: webview.cspSource, styleUri, folder, markdown, plotUri });
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
