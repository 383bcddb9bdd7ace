import type { SolveEvent } from './events';
import type { SolveRequest } from './solveRequest';

/**
 * The contract between the extension and the solution panel (webview), in both directions.
 * Every message is a readonly object keyed on `type`; both sides handle them with an exhaustive
 * `switch`. Fields added after 0.1.0 must be optional and say the version that added them.
 * No API key or other secret is ever part of any message.
 */

/**
 * What the panel shows before the first event of a run arrives (the extension knows it first): the
 * solve request as sent, with the run id the extension minted for it and where the problem came from.
 */
export interface RunHeader extends Readonly<SolveRequest> {
  readonly runId: string;
  /** Where the problem came from, e.g. `problems.md:12`. */
  readonly label?: string;
}

/** A run's full event log, to restore it in a panel that (re)loaded after the run began. */
export interface RunSnapshot {
  readonly header: RunHeader;
  /** Every event of the run so far, in order (the same as the concatenated `runEvents` batches). */
  readonly events: readonly SolveEvent[];
  /** Set when `ponder/solve` failed without a fatal `error` event (e.g. the server crashed). */
  readonly failure?: string;
}

/** Display settings the panel needs; read from the `ponder.*` settings by the extension. */
export interface PanelConfig {
  /** `ponder.verifier.lowScoreThreshold`: steps scoring under it are flagged. */
  readonly lowScoreThreshold: number;
}

export type ServerStatus = 'starting' | 'running' | 'stopped' | 'crashed';

// #region extension -> webview

/** Sent when the extension sends `ponder/solve`, before any event of the run. */
export interface RunStartedMessage {
  readonly type: 'runStarted';
  readonly header: RunHeader;
}

/** One `ponder/runEvents {runId, events}` notification, forwarded exactly as the server sent it. */
export interface RunEventsMessage {
  readonly type: 'runEvents';
  readonly runId: string;
  readonly events: readonly SolveEvent[];
}

/** `ponder/solve` rejected (server crash, transport error) without a fatal `error` event. */
export interface RunFailedMessage {
  readonly type: 'runFailed';
  readonly runId: string;
  readonly message: string;
}

/**
 * Replaces the panel's runs with these (same run ids are rebuilt from the snapshot's events).
 * Sent in answer to `ready`, so a panel that was hidden, reloaded or opened late shows every run;
 * live `runEvents` for those runs follow it.
 */
export interface RestoreRunsMessage {
  readonly type: 'restoreRuns';
  readonly runs: readonly RunSnapshot[];
  /** The run to show; the panel keeps its own selection when absent. */
  readonly selectRunId?: string;
}

/** The language server's state; the panel says when it stopped or crashed and keeps its runs. */
export interface ServerStateMessage {
  readonly type: 'serverState';
  readonly state: ServerStatus;
  readonly message?: string;
}

export interface ConfigMessage {
  readonly type: 'config';
  readonly config: PanelConfig;
}

/** Show this run (e.g. after "Ponder: Show Panel" from an answer decoration). */
export interface ShowRunMessage {
  readonly type: 'showRun';
  readonly runId: string;
}

export type ToWebview =
  RunStartedMessage | RunEventsMessage | RunFailedMessage | RestoreRunsMessage | ServerStateMessage | ConfigMessage | ShowRunMessage;

// #endregion

// #region webview -> extension

/** The panel's script loaded and listens; answer with `config`, `serverState` and `restoreRuns`. */
export interface ReadyMessage {
  readonly type: 'ready';
  /** Runs the panel restored from its own saved state (it shows them until `restoreRuns`). */
  readonly restoredRunIds: readonly string[];
}

/** Put text on the clipboard (webviews cannot always reach it themselves). */
export interface CopyMessage {
  readonly type: 'copy';
  readonly what: 'answer' | 'solution';
  readonly text: string;
}

/** Insert the run's final answer after the problem it solved. */
export interface InsertAnswerMessage {
  readonly type: 'insertAnswer';
  readonly runId: string;
  readonly answer: string;
}

/** Insert a candidate's solution (Markdown: one paragraph per step, the answer boxed). */
export interface InsertSolutionMessage {
  readonly type: 'insertSolution';
  readonly runId: string;
  readonly candidateId: string;
  readonly markdown: string;
}

export interface CancelRunMessage {
  readonly type: 'cancelRun';
  readonly runId: string;
}

/** The user switched runs in the panel (the extension may reveal that run's problem). */
export interface SelectRunMessage {
  readonly type: 'selectRun';
  readonly runId: string;
}

/** Buttons of the server-state banner, and of the route's workaround notice (`checkEndpoints`, added in 0.2). */
export interface ServerActionMessage {
  readonly type: 'serverAction';
  readonly action: 'restart' | 'showLog' | 'openSettings' | 'checkEndpoints';
}

export type FromWebview =
  ReadyMessage | CopyMessage | InsertAnswerMessage | InsertSolutionMessage | CancelRunMessage | SelectRunMessage | ServerActionMessage;

// #endregion

/** Data the panel starts with, embedded in its HTML (see `panelHtml.ts`); all optional. */
export interface PanelInitialState {
  readonly config?: PanelConfig;
  readonly runs?: readonly RunSnapshot[];
  readonly selectRunId?: string;
  readonly serverState?: ServerStatus;
}
