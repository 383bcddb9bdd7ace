// Run in a folder whose .vscode/settings.json points the endpoint URLs at another host: the settings
// the extension (and so the language server) sees must still be the user's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runSuite } from './runner';
import { ponder, waitUntil, workspaceFile } from './util';

export async function run(): Promise<void> {
  await runSuite('foreign', [
    {
      name: 'machine-scoped endpoint URLs in workspace settings are ignored: the user values apply',
      fn: async () => {
        await ponder();
        const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.vscode/settings.json')));
        const workspaceSettings = JSON.parse(raw) as Record<string, string>;
        for (const key of ['policy.url', 'verifier.url']) {
          assert.ok(workspaceSettings[`ponder.${key}`], `the workspace sets ponder.${key}`);
          // The remote machine settings reach this extension host from the server, possibly after it starts
          // (then as a configuration change); the workspace's value must never apply meanwhile.
          await waitUntil(
            () => {
              const now = vscode.workspace.getConfiguration('ponder');
              assert.notEqual(now.get(key), workspaceSettings[`ponder.${key}`], `ponder.${key} never takes the workspace's value`);
              return now.inspect<string>(key)?.globalValue;
            },
            `the user's ponder.${key} to reach this window`,
            120_000,
          );
          const config = vscode.workspace.getConfiguration('ponder');
          const inspected = config.inspect<string>(key);
          assert.ok(inspected?.globalValue, `the user sets ponder.${key}`);
          assert.equal(config.get(key), inspected.globalValue, `effective ponder.${key} is the user's (${JSON.stringify(inspected)})`);
          assert.notEqual(config.get(key), workspaceSettings[`ponder.${key}`]);
        }
      },
    },
  ]);
}
