// A real JSON-RPC client for dist/server.js over stdio: it answers the server's requests
// (workspace/configuration, progress creation, refreshes), records every notification and the raw
// bytes of the server's stdout and stderr, and lets tests wait for a condition (never a sleep).
import { spawn, type ChildProcess } from 'node:child_process';
import { once, EventEmitter } from 'node:events';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeParams,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { RunEventsParams, ServerStatusParams } from '../../src/shared/protocol';
import { ROOT } from '../helpers/sim';

export const SERVER = join(ROOT, 'dist', 'server.js');

export interface ProgressNotice {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** What the client answers to workspace/configuration for the `ponder` section; tests may replace it. */
  configuration: unknown;
  runEvents: RunEventsParams[];
  logs: LogMessageParams[];
  diagnostics: PublishDiagnosticsParams[];
  statuses: ServerStatusParams[];
  progress: ProgressNotice[];
  progressCreated: Array<string | number>;
  configurationRequests: number;
  inlayHintRefreshes: number;
  codeLensRefreshes: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once `predicate` holds, checked after every message from the server. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  initialize(options: { initializationOptions?: unknown; capabilities?: InitializeParams['capabilities'] }): Promise<InitializeResult>;
  stop(): Promise<void>;
}

/** Client capabilities of a full-featured editor (VS Code-like). */
export const FULL_CAPABILITIES: InitializeParams['capabilities'] = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true },
  experimental: { serverStatusNotification: true },
};

export function startServer(): TestClient {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const changes = new EventEmitter();
  changes.setMaxListeners(100);

  const client: TestClient = {
    connection,
    process: child,
    configuration: {},
    runEvents: [],
    logs: [],
    diagnostics: [],
    statuses: [],
    progress: [],
    progressCreated: [],
    configurationRequests: 0,
    inlayHintRefreshes: 0,
    codeLensRefreshes: 0,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(predicate, what, timeoutMs = 20_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        // A safety net so a broken server fails the test with a message instead of hanging it.
        const timer = setTimeout(() => {
          changes.off('change', check);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          changes.off('change', check);
          resolve();
        };
        changes.on('change', check);
      });
    },
    async initialize({ initializationOptions, capabilities = FULL_CAPABILITIES }) {
      const result = await connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities,
        initializationOptions,
      });
      await connection.sendNotification('initialized', {});
      return result;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        try {
          await connection.sendRequest('shutdown');
          await connection.sendNotification('exit');
        } catch {
          child.kill('SIGKILL');
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      connection.dispose();
    },
  };

  const changed = () => changes.emit('change');
  connection.onNotification('ponder/runEvents', (p: RunEventsParams) => {
    client.runEvents.push(p);
    changed();
  });
  connection.onNotification('ponder/serverStatus', (p: ServerStatusParams) => {
    client.statuses.push(p);
    changed();
  });
  connection.onNotification('window/logMessage', (p: LogMessageParams) => {
    client.logs.push(p);
    changed();
  });
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    client.diagnostics.push(p);
    changed();
  });
  connection.onNotification('$/progress', (p: ProgressNotice) => {
    client.progress.push(p);
    changed();
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
    client.configurationRequests++;
    changed();
    return p.items.map(() => client.configuration);
  });
  connection.onRequest(
    'window/workDoneProgress/create',
    (p: { token: string | number }) => (client.progressCreated.push(p.token), changed(), null),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/inlayHint/refresh', () => (client.inlayHintRefreshes++, changed(), null));
  connection.onRequest('workspace/codeLens/refresh', () => (client.codeLensRefreshes++, changed(), null));
  connection.listen();
  return client;
}

/** The `ponder` settings that point the server at a running `ponder sim`. */
export function simSettings(sim: { url: string; origin: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policy: { url: sim.url, model: 'ponder-sim-policy' },
    verifier: { kind: 'vllm-pooling', url: sim.origin, model: 'ponder-sim-prm' },
    ...extra,
  };
}
