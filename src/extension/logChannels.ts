// The language server's two output channels, both passed through redaction of every API key this
// session has held. The language client writes each JSON-RPC message's params to the trace channel at
// `ponder.trace.server: verbose`, `ponder/setSecrets` included; the redaction keeps keys out of it.
import { format } from 'node:util';
import * as vscode from 'vscode';
import { redact } from './secrets';

type Keys = () => readonly string[];

/** A LogOutputChannel that redacts keys from everything written to it. */
class RedactingChannel implements vscode.LogOutputChannel {
  constructor(
    protected readonly inner: vscode.LogOutputChannel,
    private readonly keys: Keys,
  ) {}

  protected clean(message: string, args: unknown[]): string {
    return redact(args.length ? format(message, ...args) : message, this.keys());
  }

  get name(): string {
    return this.inner.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.inner.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.inner.onDidChangeLogLevel;
  }
  trace(message: string, ...args: unknown[]): void {
    this.inner.trace(this.clean(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    this.inner.debug(this.clean(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    this.inner.info(this.clean(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    this.inner.warn(this.clean(message, args));
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.inner.error(this.clean(error instanceof Error ? (error.stack ?? error.message) : error, args));
  }
  append(value: string): void {
    this.inner.append(redact(value, this.keys()));
  }
  appendLine(value: string): void {
    this.inner.appendLine(redact(value, this.keys()));
  }
  replace(value: string): void {
    this.inner.replace(redact(value, this.keys()));
  }
  clear(): void {
    this.inner.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') this.inner.show(columnOrPreserveFocus);
    else this.inner.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.inner.hide();
  }
  dispose(): void {
    this.inner.dispose();
  }
}

/** "Ponder Language Server": the client's own messages and the server's `window/logMessage`s. */
export function createServerLog(keys: Keys): vscode.LogOutputChannel {
  return new RedactingChannel(vscode.window.createOutputChannel('Ponder Language Server', { log: true }), keys);
}

/**
 * "Ponder Language Server Trace": on when `ponder.trace.server` is `messages` or `verbose`, whatever
 * the channel's log level. The language client only traces into a channel whose level is Trace, so
 * this one reports Trace while the setting is on and writes trace lines at info level.
 */
class TraceChannel extends RedactingChannel {
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly subscription: vscode.Disposable;

  constructor(inner: vscode.LogOutputChannel, keys: Keys) {
    super(inner, keys);
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ponder.trace.server')) this.levelChanged.fire(this.logLevel);
    });
  }

  override get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration('ponder').get<string>('trace.server', 'off');
    return setting === 'off' ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  }
  override get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.levelChanged.event;
  }
  override trace(message: string, ...args: unknown[]): void {
    this.inner.info(this.clean(message, args));
  }
  override dispose(): void {
    this.subscription.dispose();
    this.levelChanged.dispose();
    super.dispose();
  }
}

export function createTraceLog(keys: Keys): vscode.LogOutputChannel {
  return new TraceChannel(vscode.window.createOutputChannel('Ponder Language Server Trace', { log: true }), keys);
}
