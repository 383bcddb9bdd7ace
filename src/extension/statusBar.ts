// The status bar item: the server's state and health, or the run in progress (budget used / budget
// and phase). Clicking it shows the panel; its tooltip links to the log and a restart.
import * as vscode from 'vscode';
import type { ServerStatusParams } from '../shared/protocol';
import type { RunModel } from '../shared/runModel';
import { describePhase } from '../shared/runPhase';
import type { ServerStateChange } from './client';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ponder.status', vscode.StatusBarAlignment.Left, 10);
  private server: ServerStateChange = { state: 'stopped' };
  private health: ServerStatusParams | undefined;
  private run: RunModel | undefined;

  constructor() {
    this.item.name = 'Ponder';
    this.item.command = 'ponder.showPanel';
    this.render();
    this.item.show();
  }

  serverChanged(change: ServerStateChange): void {
    this.server = change;
    if (change.state !== 'running') this.health = undefined;
    this.render();
  }

  healthChanged(status: ServerStatusParams): void {
    this.health = status;
    this.render();
  }

  /** The run to show (the newest one in progress), or undefined when none is. */
  runChanged(model: RunModel | undefined): void {
    this.run = model;
    this.render();
  }

  private render(): void {
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: ['ponder.showPanel', 'ponder.showServerLog', 'ponder.restartServer', 'ponder.openSettings'] };
    tooltip.appendMarkdown('**Ponder**\n\n');
    let text: string;
    let background: vscode.ThemeColor | undefined;
    if (this.server.state === 'running' && this.run) {
      const budget = this.run.budget ?? '?';
      text = `$(loading~spin) Ponder ${this.run.usage.generations}/${budget} · ${describePhase(this.run.phase)}`;
      tooltip.appendText(`Solving: ${this.run.usage.generations} of ${budget} generations used, ${this.run.usage.tokens} tokens.`);
    } else if (this.server.state === 'running') {
      const health = this.health?.health ?? 'ok';
      text = health === 'ok' ? '$(check) Ponder' : health === 'warning' ? '$(warning) Ponder' : '$(error) Ponder';
      if (health === 'warning') background = new vscode.ThemeColor('statusBarItem.warningBackground');
      if (health === 'error') background = new vscode.ThemeColor('statusBarItem.errorBackground');
      tooltip.appendText(this.health?.message ?? 'The language server is running.');
    } else if (this.server.state === 'starting') {
      text = '$(sync~spin) Ponder';
      tooltip.appendText('The language server is starting.');
    } else {
      text = this.server.state === 'crashed' ? '$(error) Ponder' : '$(circle-slash) Ponder';
      if (this.server.state === 'crashed') background = new vscode.ThemeColor('statusBarItem.errorBackground');
      tooltip.appendText(this.server.message ?? `The language server is ${this.server.state}.`);
    }
    tooltip.appendMarkdown(
      '\n\n[Show Panel](command:ponder.showPanel) · [Show Log](command:ponder.showServerLog) · [Restart Server](command:ponder.restartServer) · [Settings](command:ponder.openSettings)',
    );
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = background;
  }

  dispose(): void {
    this.item.dispose();
  }
}
