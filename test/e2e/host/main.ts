// The main extension-host suite, run inside the real workbench (code-server) by test/e2e/workbench.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runSuite, type HostTest } from './runner';
import { EXTENSION_ID, env, ponder } from './util';

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

interface ManifestProperty {
  default: unknown;
}

function manifest(): { commands: ManifestCommand[]; properties: Record<string, ManifestProperty> } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributes = extension.packageJSON.contributes as { commands: ManifestCommand[]; configuration: { properties: Record<string, ManifestProperty> } };
  return { commands: contributes.commands, properties: contributes.configuration.properties };
}

const tests: HostTest[] = [
  {
    name: 'activates and starts the language server',
    fn: async () => {
      const api = await ponder();
      assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, 'extension is active');
      assert.ok(api.isServerRunning(), 'language server is running');
    },
  },
  {
    name: 'registers every command of package.json, each titled "Ponder: ..."',
    fn: async () => {
      await ponder();
      const registered = new Set(await vscode.commands.getCommands(true));
      const { commands } = manifest();
      assert.ok(commands.length >= 15, `package.json contributes ${commands.length} commands`);
      const missing = commands.filter((c) => !registered.has(c.command)).map((c) => c.command);
      assert.deepEqual(missing, [], 'commands in package.json but not registered');
      for (const c of commands) assert.equal(c.category, 'Ponder', `${c.command} shows as "Ponder: ${c.title}"`);
    },
  },
  {
    name: 'reads the ponder.* settings: user values and the manifest defaults',
    fn: async () => {
      await ponder();
      const config = vscode.workspace.getConfiguration('ponder');
      assert.equal(config.get('policy.url'), env('PONDER_E2E_POLICY_URL'));
      assert.equal(config.get('verifier.kind'), 'vllm-pooling');
      const { properties } = manifest();
      for (const [key, property] of Object.entries(properties)) {
        const inspected = config.inspect(key.replace(/^ponder\./, ''));
        assert.deepEqual(inspected?.defaultValue, property.default, `default of ${key}`);
      }
    },
  },
];

export async function run(): Promise<void> {
  await runSuite('main', tests);
}
