// "Ponder: Open Evaluation Report": shows a `ponder eval --out DIR` folder's report.md (tables and the
// plots inlined as sanitised SVG by renderReportHtml) in a webview with no scripts at all. One panel
// per report folder; opening the same folder again reveals and refreshes it.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { renderReportHtml } from '../eval/reportHtml';
import { escapeHtml } from '../shared/panelHtml';
import * as notify from './notify';

export const REPORT_VIEW_TYPE = 'ponder.evaluationReport';
const REPORT_FILE = 'report.md';
/** One token of `webview.cspSource`: `'self'` or a scheme/host source, nothing that could widen the policy. */
const CSP_SOURCE = /^(?:'self'|[^\s;,'"<>]+)$/;

/** No scripts, no network: only our style sheet. The plots are inline SVG, which needs no source. */
export function reportCsp(cspSource: string): string {
  if (!cspSource.split(' ').every((token) => CSP_SOURCE.test(token))) throw new Error(`reportPanel: cspSource ${JSON.stringify(cspSource)} is not a list of CSP sources`);
  return `default-src 'none'; style-src ${cspSource}`;
}

function reportHtml(cspSource: string, styleUri: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(cspSource))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${escapeHtml(styleUri)}">
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <main class="report" data-testid="evaluation-report">
${body}
    </main>
  </body>
</html>`;
}

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
    let body: string;
    try {
      body = renderReportHtml(folder);
    } catch (error) {
      notify.error(`Ponder: cannot read the evaluation report in ${folder}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.show(folder, body);
    return folder;
  }

  private show(folder: string, body: string): void {
    let panel = this.panels.get(folder);
    if (panel) panel.reveal();
    else {
      panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, `Evaluation: ${basename(folder)}`, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      this.panels.set(folder, panel);
      panel.onDidDispose(() => this.panels.delete(folder));
    }
    const styleUri = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')).toString();
    panel.webview.html = reportHtml(panel.webview.cspSource, styleUri, `Evaluation report: ${folder}`, body);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
