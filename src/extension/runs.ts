// The runs this window started: their headers and event logs (the shared run history and reducer, the
// same code the panel uses), where each problem came from, and which runs are still in progress.
// The panel, the status bar and the answer decorations all listen here.
import * as vscode from 'vscode';
import type { SolveEvent, SolveResult } from '../shared/events';
import type { RunHeader, RunSnapshot } from '../shared/messages';
import { appendRunEvents, createHistory, failHistoryRun, snapshotRun, startRun, type RunRecord } from '../shared/runHistory';

/** Where a problem came from in a document. */
export interface RunOrigin {
  uri: vscode.Uri;
  range: vscode.Range;
}

export interface RunEnded {
  runId: string;
  result?: SolveResult;
  failure?: string;
}

export class Runs implements vscode.Disposable {
  private readonly history = createHistory();
  private readonly origins = new Map<string, RunOrigin>();
  private readonly active = new Set<string>();
  private readonly startEmitter = new vscode.EventEmitter<RunHeader>();
  private readonly eventsEmitter = new vscode.EventEmitter<{ runId: string; events: readonly SolveEvent[] }>();
  private readonly endEmitter = new vscode.EventEmitter<RunEnded>();
  readonly onDidStart = this.startEmitter.event;
  readonly onDidAppend = this.eventsEmitter.event;
  readonly onDidEnd = this.endEmitter.event;

  begin(header: RunHeader, origin?: RunOrigin): void {
    startRun(this.history, header);
    if (origin) this.origins.set(header.runId, origin);
    // The history keeps the newest MAX_RUNS runs; forget the origins of the ones it dropped.
    for (const id of this.origins.keys()) if (!this.history.runs.has(id)) this.origins.delete(id);
    this.active.add(header.runId);
    this.startEmitter.fire(header);
  }

  /** A `ponder/runEvents` batch; batches of runs started elsewhere (another client) are ignored. */
  append(runId: string, events: readonly SolveEvent[]): void {
    if (!this.history.runs.has(runId)) return;
    appendRunEvents(this.history, runId, events);
    this.eventsEmitter.fire({ runId, events });
  }

  end(runId: string, result: SolveResult): void {
    this.active.delete(runId);
    this.endEmitter.fire({ runId, result });
  }

  /** The request failed without a fatal event (server crash, transport error). */
  fail(runId: string, message: string): void {
    this.active.delete(runId);
    failHistoryRun(this.history, runId, message);
    this.endEmitter.fire({ runId, failure: message });
  }

  get(runId: string): RunRecord | undefined {
    return this.history.runs.get(runId);
  }

  origin(runId: string): RunOrigin | undefined {
    return this.origins.get(runId);
  }

  /** Runs in progress, newest first. */
  activeRuns(): RunRecord[] {
    return [...this.active].reverse().flatMap((id) => this.history.runs.get(id) ?? []);
  }

  /** The newest run that has a result, optionally only those solved from a document. */
  latestFinished(withOrigin = false): RunRecord | undefined {
    for (const id of [...this.history.order].reverse()) {
      const record = this.history.runs.get(id);
      if (record?.model.result && (!withOrigin || this.origins.has(id))) return record;
    }
    return undefined;
  }

  snapshots(): RunSnapshot[] {
    return this.history.order.flatMap((id) => {
      const record = this.history.runs.get(id);
      return record ? [snapshotRun(record)] : [];
    });
  }

  latestRunId(): string | undefined {
    return this.history.order[this.history.order.length - 1];
  }

  dispose(): void {
    this.startEmitter.dispose();
    this.eventsEmitter.dispose();
    this.endEmitter.dispose();
  }
}
