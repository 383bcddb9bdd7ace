// Run in a folder whose .vscode/settings.json points the endpoint URLs at another host: the settings
// the extension (and so the language server) sees must still be the user's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runSuite } from './runner';
import { ponder, workspaceFile } from './util';

export async function run(): Promise<void> {
  await runSuite('foreign', [
    {
      name: 'machine-scoped endpoint URLs in workspace settings are ignored: the user values apply',
      fn: async () => {
        await ponder();
        const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.vscode/settings.json')));
        const workspaceSettings = JSON.parse(raw) as Record<string, string>;
        const config = vscode.workspace.getConfiguration('ponder');
        for (const key of ['policy.url', 'verifier.url']) {
          const inspected = config.inspect<string>(key);
          assert.ok(workspaceSettings[`ponder.${key}`], `the workspace sets ponder.${key}`);
          assert.ok(inspected?.globalValue, `the user sets ponder.${key}`);
          assert.equal(config.get(key), inspected.globalValue, `effective ponder.${key} is the user's (${JSON.stringify(inspected)})`);
          assert.notEqual(config.get(key), workspaceSettings[`ponder.${key}`]);
        }
      },
    },
  ]);
}
