// Every notification Ponder shows goes through here. None blocks its caller: an action's handler runs
// when the user clicks it, and errors in handlers are logged, not thrown into the void.
import * as vscode from 'vscode';

export interface NotificationAction {
  title: string;
  run: () => unknown;
}

type Show = (message: string, ...items: string[]) => Thenable<string | undefined>;

let log: vscode.LogOutputChannel | undefined;

/** Warnings and errors are also written here, so "Show Log" shows what went wrong and when. */
export function logTo(channel: vscode.LogOutputChannel): void {
  log = channel;
}

function show(showMessage: Show, message: string, actions: readonly NotificationAction[]): void {
  void showMessage(message, ...actions.map((a) => a.title)).then(
    async (picked) => {
      const action = actions.find((a) => a.title === picked);
      try {
        await action?.run();
      } catch (error) {
        void vscode.window.showErrorMessage(`Ponder: "${action?.title}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    () => undefined,
  );
}

export function info(message: string, ...actions: NotificationAction[]): void {
  show(vscode.window.showInformationMessage, message, actions);
}

export function warn(message: string, ...actions: NotificationAction[]): void {
  log?.warn(message);
  show(vscode.window.showWarningMessage, message, actions);
}

export function error(message: string, ...actions: NotificationAction[]): void {
  log?.error(message);
  show(vscode.window.showErrorMessage, message, actions);
}

/** Common actions, so every message offers the same words for the same thing. */
export const actions = {
  openSettings: (): NotificationAction => ({ title: 'Open Settings', run: () => vscode.commands.executeCommand('ponder.openSettings') }),
  showLog: (): NotificationAction => ({ title: 'Show Log', run: () => vscode.commands.executeCommand('ponder.showServerLog') }),
  restart: (): NotificationAction => ({ title: 'Restart', run: () => vscode.commands.executeCommand('ponder.restartServer') }),
  checkEndpoints: (): NotificationAction => ({
    title: 'Check Endpoints',
    run: () => vscode.commands.executeCommand('ponder.checkEndpoints'),
  }),
};
