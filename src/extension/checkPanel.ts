// "Ponder: Check Endpoints": asks the language server to probe the endpoints again
// (`ponder/capabilities {refresh: true}`) and shows what they can do, per strategy with the fix, in a
// script-free webview (checkView.ts). One panel; running the command again reveals and refreshes it.
import * as vscode from 'vscode';
import type { Capabilities } from '../shared/api';
import { CHECK_COMMANDS, checkBody, checkHtml, checkingBody, failedBody } from './checkView';
import type { ServerClient } from './client';
import * as notify from './notify';

export const CHECK_VIEW_TYPE = 'ponder.checkEndpoints';

/** The `ponder.*` setting names the manifest contributes (fixes link only to these). */
function knownSettings(extension: vscode.Extension<unknown>): Set<string> {
  const manifest = extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } };
  return new Set(Object.keys(manifest.contributes?.configuration?.properties ?? {}));
}

export class CheckPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** Bumped per check, so a slow probe's answer never replaces a newer one. */
  private generation = 0;

  constructor(
    private readonly extension: vscode.Extension<unknown>,
    private readonly server: ServerClient,
  ) {}

  /** The command: probes again and shows the result; resolves with it (undefined when the check failed). */
  async check(): Promise<Capabilities | undefined> {
    const generation = ++this.generation;
    this.render('checking', checkingBody());
    let caps: Capabilities | undefined;
    try {
      caps = await this.server.capabilities(true);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (generation === this.generation) this.render('failed', failedBody(message));
      notify.error(`Ponder could not check the endpoints: ${message}`, notify.actions.openSettings(), notify.actions.showLog());
      return undefined;
    }
    if (generation !== this.generation) return caps;
    if (!caps) {
      this.render('failed', failedBody(`the language server is ${this.server.state.state}`));
      return undefined;
    }
    this.render('done', checkBody(caps, knownSettings(this.extension), new Date().toLocaleString()));
    if (!caps.policy.reachable) {
      notify.warn(
        `Ponder cannot reach the policy endpoint ${caps.policy.url}${caps.policy.error ? `: ${caps.policy.error}` : ''}.`,
        notify.actions.openSettings(),
        notify.actions.showLog(),
      );
    }
    return caps;
  }

  private render(state: 'checking' | 'done' | 'failed', body: string): void {
    const panel = this.ensurePanel();
    const styleUri = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extension.extensionUri, 'media', 'check.css')).toString();
    panel.webview.html = checkHtml(panel.webview.cspSource, styleUri, state, body);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(CHECK_VIEW_TYPE, 'Ponder: Endpoints', vscode.ViewColumn.Active, {
      enableScripts: false,
      enableCommandUris: CHECK_COMMANDS,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extension.extensionUri, 'media')],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extension.extensionUri, 'media', 'icon.png');
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
