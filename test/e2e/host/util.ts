// Helpers for extension-host tests: the Ponder extension's API, documents, and waiting for signals
// (events) with a deadline rather than sleeping.
import * as vscode from 'vscode';
import type { PonderApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'ponder.ponder';

export async function ponder(): Promise<PonderApi> {
  const extension = vscode.extensions.getExtension<PonderApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this workbench`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set: the driver (test/e2e/*.test.ts) sets it on code-server`);
  return value;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the workbench has no folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openEditor(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** Resolves with the first event that satisfies the predicate; rejects after `timeoutMs`. */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Polls a condition that has no event (e.g. a provider's answer) until it holds; rejects at the deadline. */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The range of the first line containing `text`, to the end of that paragraph. */
export function paragraphRange(document: vscode.TextDocument, text: string): vscode.Range {
  const at = document.getText().indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in ${document.uri.fsPath}`);
  const start = document.positionAt(at);
  let last = start.line;
  while (last + 1 < document.lineCount && !document.lineAt(last + 1).isEmptyOrWhitespace) last++;
  return new vscode.Range(start.line, 0, last, document.lineAt(last).text.length);
}
