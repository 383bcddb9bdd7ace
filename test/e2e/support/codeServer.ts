// Starts code-server (VS Code's own server and web workbench, installed by scripts/setup.sh) on loopback
// with a fresh user-data folder, and stops it after the test. If code-server is missing or does not
// start, this throws: the workbench tests fail rather than skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../helpers/sim';

// The folder scripts/setup.sh installs into (PONDER_CODE_SERVER_DIR there too), or a binary named outright.
export const CODE_SERVER_BIN =
  process.env.PONDER_CODE_SERVER ??
  join(process.env.PONDER_CODE_SERVER_DIR ?? join(ROOT, '.cache', 'code-server'), 'node_modules', '.bin', 'code-server');

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  /** Everything code-server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** User settings (User/settings.json); workspace trust is always turned off so no dialog blocks the workbench. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host and the language server. */
  env?: Record<string, string>;
  extensionsDir?: string;
}

export function requireCodeServer(): string {
  if (!existsSync(CODE_SERVER_BIN)) {
    throw new Error(
      `code-server is not installed at ${CODE_SERVER_BIN}. Run scripts/setup.sh (it installs code-server 4.100.3 into .cache/code-server).`,
    );
  }
  return CODE_SERVER_BIN;
}

/**
 * A user-data folder with the given user settings, workspace trust off. code-server's windows are remote
 * windows: VS Code reads machine-scoped settings (ponder.policy.url, ponder.verifier.url) there only from
 * the remote machine's settings (Machine/settings.json) and drops them from User/settings.json once the
 * extension's scopes are registered, which made them apply or not by timing
 * (LOCAL_MACHINE_SCOPES vs REMOTE_MACHINE_SCOPES, src/vs/workbench/services/configuration/common/configuration.ts).
 * So the settings go to both files, as a code-server user writes them; desktop VS Code reads only User/.
 */
export function makeUserDataDir(settings: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-e2e-ud-'));
  const all = JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', ...settings }, null, 2);
  for (const scope of ['User', 'Machine']) {
    mkdirSync(join(dir, scope), { recursive: true });
    writeFileSync(join(dir, scope, 'settings.json'), all);
  }
  return dir;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const bin = requireCodeServer();
  const userDataDir = makeUserDataDir(options.userSettings);
  const extensionsDir = options.extensionsDir ?? mkdtempSync(join(tmpdir(), 'ponder-e2e-ext-'));
  // An empty config file of its own, so code-server neither reads nor writes ~/.config/code-server.
  const config = join(userDataDir, 'config.yaml');
  writeFileSync(config, '');
  const args = [
    '--config',
    config,
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  // Its own process group, so that stop() also ends the extension host and language server it started.
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env }, detached: true });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => (output += line + '\n'));
  // code-server prints "HTTP server listening on http://127.0.0.1:PORT/" once it accepts connections.
  const listening = new Promise<string>((resolve) => {
    lines.on('line', (line) => {
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  const url = await Promise.race([
    listening,
    once(child, 'exit').then(([code]) => {
      throw new Error(`code-server exited (code ${code}) before listening:\n${output}`);
    }),
  ]);
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      if (!options.extensionsDir) rmSync(extensionsDir, { recursive: true, force: true });
    },
  };
}

/** Installs a .vsix with `code-server --install-extension` into an extensions folder; returns its output. */
export async function installExtension(vsix: string, extensionsDir: string): Promise<string> {
  const child = spawn(requireCodeServer(), ['--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${output}`);
  return output;
}
