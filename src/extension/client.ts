// The language server's lifecycle: start `dist/server.js` through vscode-languageclient, push the API
// keys after every (re)start, restart after a crash a few times, and give up with a notification that
// offers Restart and Show Log. Everything else talks to the server through this class.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type ClientCapabilities,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';
import type { Capabilities } from '../shared/api';
import type { SolveResult } from '../shared/events';
import type { ServerStatus } from '../shared/messages';
import * as protocol from '../shared/protocol';
import { SECTION, sectionObject } from './config';
import * as notify from './notify';
import type { ApiKeys } from './secrets';

/** Crashes tolerated within CRASH_WINDOW_MS before the client stops restarting the server. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60_000;
/** How long a request waits for a server that is starting. */
const START_WAIT_MS = 30_000;

export interface ServerStateChange {
  state: ServerStatus;
  message?: string;
}

/** Turns on `ponder/serverStatus` (sent only to clients that ask for it). */
const serverStatusCapability: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities) {
    capabilities.experimental = { ...(capabilities.experimental ?? {}), [protocol.SERVER_STATUS_CAPABILITY]: true };
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

export class ServerClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private current: ServerStateChange = { state: 'stopped' };
  private crashes: number[] = [];
  private starting: Promise<void> | undefined;
  /** The latest `ponder/setSecrets` in flight; requests wait for it so they use the newest keys. */
  private secretsSent: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<ServerStateChange>();
  private readonly runEventsEmitter = new vscode.EventEmitter<protocol.RunEventsParams>();
  private readonly statusEmitter = new vscode.EventEmitter<protocol.ServerStatusParams>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onRunEvents = this.runEventsEmitter.event;
  readonly onServerStatus = this.statusEmitter.event;

  constructor(
    private readonly serverModule: string,
    private readonly keys: ApiKeys,
    readonly log: vscode.LogOutputChannel,
    private readonly trace: vscode.LogOutputChannel,
  ) {
    this.disposables.push(keys.onDidChange(() => void this.pushSecrets()));
  }

  get state(): ServerStateChange {
    return this.current;
  }

  /** Starts the server; while it starts, further calls (and `whenRunning`) wait for the same start. */
  start(): Promise<void> {
    this.starting ??= this.startClient().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Whether the server runs, once a start in progress has finished. */
  async whenRunning(): Promise<boolean> {
    await this.starting;
    if (this.current.state === 'starting') {
      // The language client restarts a crashed server by itself; wait for that start too.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          subscription.dispose();
          resolve();
        };
        const timer = setTimeout(done, START_WAIT_MS);
        const subscription = this.onDidChangeState((change) => {
          if (change.state !== 'starting') done();
        });
      });
    }
    return this.isRunning();
  }

  private async startClient(): Promise<void> {
    if (this.client) return;
    const run = { module: this.serverModule, transport: TransportKind.stdio };
    const serverOptions: ServerOptions = { run, debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6019'] } } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: protocol.DOCUMENT_LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      initializationOptions: () => sectionObject(),
      synchronize: { configurationSection: SECTION },
      outputChannel: this.log,
      traceOutputChannel: this.trace,
      // Errors surface as Ponder's own notifications, with actions.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue, handled: true }),
        closed: () => this.onClosed(),
      },
    };
    const client = new LanguageClient('ponder', 'Ponder Language Server', serverOptions, clientOptions);
    client.registerFeature(serverStatusCapability);
    this.client = client;
    this.disposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Starting) this.setState({ state: 'starting' });
        else if (e.newState === State.Running) {
          this.setState({ state: 'running' });
          void this.pushSecrets();
        } else if (this.current.state !== 'crashed') this.setState({ state: 'stopped' });
      }),
      client.onNotification(protocol.runEvents, (params) => this.runEventsEmitter.fire(params)),
      client.onNotification(protocol.serverStatus, (params) => this.statusEmitter.fire(params)),
    );
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      const message = `Ponder's language server (${this.serverModule}) did not start: ${error instanceof Error ? error.message : String(error)}`;
      this.setState({ state: 'crashed', message });
      notify.error(message, notify.actions.showLog(), notify.actions.restart());
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose().catch(() => undefined);
    this.setState({ state: 'stopped' });
  }

  async restart(): Promise<void> {
    this.crashes = [];
    await this.stop();
    await this.start();
  }

  /** The running client (after a start in progress), or undefined with a notification offering Restart and Show Log. */
  private async runningClient(): Promise<LanguageClient | undefined> {
    if ((await this.whenRunning()) && this.client) {
      await this.secretsSent;
      return this.client;
    }
    notify.error(
      `Ponder's language server is not running (${this.current.state}${this.current.message ? `: ${this.current.message}` : ''}).`,
      notify.actions.restart(),
      notify.actions.showLog(),
    );
    return undefined;
  }

  isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  async solve(params: protocol.SolveParams, token?: vscode.CancellationToken): Promise<SolveResult | undefined> {
    const client = await this.runningClient();
    return client ? client.sendRequest(protocol.solve, params, token) : undefined;
  }

  async scoreSteps(params: protocol.ScoreStepsParams): Promise<protocol.ScoreStepsResponse | undefined> {
    const client = await this.runningClient();
    return client ? client.sendRequest(protocol.scoreSteps, params) : undefined;
  }

  /** What the endpoints can do (`ponder/capabilities`); `refresh` probes them again instead of using the cache. */
  async capabilities(refresh: boolean): Promise<Capabilities | undefined> {
    const client = await this.runningClient();
    return client ? client.sendRequest(protocol.capabilities, { refresh }) : undefined;
  }

  async cancel(runId: string): Promise<void> {
    if (this.isRunning()) await this.client!.sendNotification(protocol.cancel, { runId });
  }

  /** Sends both keys (an empty one clears it on the server), in order; the trace channel redacts them. */
  private pushSecrets(): Promise<void> {
    this.secretsSent = this.secretsSent
      .then(async () => {
        const client = this.client;
        if (!client || client.state !== State.Running) return;
        await client.sendNotification(protocol.setSecrets, await this.keys.read());
      })
      .catch((error: unknown) =>
        this.log.error(`could not send the API keys to the server: ${error instanceof Error ? error.message : String(error)}`),
      );
    return this.secretsSent;
  }

  private onClosed(): { action: CloseAction; handled: boolean } {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length <= MAX_CRASHES) {
      this.setState({ state: 'crashed', message: 'The language server stopped unexpectedly; restarting it.' });
      return { action: CloseAction.Restart, handled: true };
    }
    const message = `Ponder's language server crashed ${this.crashes.length} times in 3 minutes and was not restarted. The log may say why.`;
    this.setState({ state: 'crashed', message });
    notify.error(message, notify.actions.restart(), notify.actions.showLog());
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private setState(change: ServerStateChange): void {
    this.current = change;
    this.stateEmitter.fire(change);
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
    this.stateEmitter.dispose();
    this.runEventsEmitter.dispose();
    this.statusEmitter.dispose();
  }
}
