// Typed access to the `ponder.*` settings. All of them are live: the server pulls the section through
// `workspace/configuration` on every change and rebuilds its engine, so none needs a restart.
// The endpoint URLs are `machine`-scoped in package.json: VS Code drops them from workspace and folder
// settings (it marks them there as not applicable), so a folder the user merely opens can never
// redirect the API key to another host.
// Values are checked against the schema (src/shared/settingsSchema.ts): an invalid one never crashes
// anything; the key keeps its default, and the server's status (the status bar item turns to a warning,
// its tooltip names the key, the value and what is allowed) says what to change.
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, mergeSettings, type PonderSettings } from '../shared/settings';

export const SECTION = 'ponder';

/** The `ponder` section as a plain object (what the server gets as initializationOptions). */
export function sectionObject(): Record<string, unknown> {
  // WorkspaceConfiguration is a proxy-like object with methods; JSON keeps only the values.
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION))) as Record<string, unknown>;
}

/** The effective settings with defaults filled in (also for invalid values), and any values that were ignored (with why). */
export function readSettings(): { settings: PonderSettings; problems: string[] } {
  return mergeSettings(DEFAULT_SETTINGS, sectionObject());
}
