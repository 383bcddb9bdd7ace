// Ponder's extensions to the Language Server Protocol: one typed constant per `ponder/*` method, beside
// its params, grouped by direction (the shape of rust-analyzer's lsp_ext.ts). The server
// (src/server), the extension (src/extension) and the tests all import this file, so it stays free of
// Node, DOM and vscode imports; `vscode-languageserver-protocol`'s main entry is platform-neutral.
import { NotificationType, RequestType, type Range, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { Capabilities, ScoreStepsResult } from './api';
import type { SolveEvent, SolveResult } from './events';
import type { SolveRequest } from './solveRequest';

// ---------------------------------------------------------------------------------------------------
// Client -> server
// ---------------------------------------------------------------------------------------------------

/**
 * Starts a run and resolves with its `SolveResult` once the run has ended. While it runs, the server
 * sends `ponder/runEvents` batches; the batch holding the `result` (or fatal `error`) event is sent
 * BEFORE this request's response. Cancel with `$/cancelRequest` on this request or with `ponder/cancel`:
 * the in-flight HTTP calls are aborted and the request still resolves, with the partial result
 * (`partial: true`), within a second. With a `workDoneToken`, progress (budget used, phase) is reported
 * on it. Invalid params fail with InvalidParams (-32602) and a message saying what is wrong.
 */
export const solve = new RequestType<SolveParams, SolveResult, void>('ponder/solve');

/**
 * The solve request (`solveRequestSchema`, solveRequest.ts) with the LSP's work-done token and where the
 * problem came from. `runId`: chosen by the client (`newRunId`) so it can match events from the first
 * batch; the server mints one when it is absent.
 */
export interface SolveParams extends SolveRequest, WorkDoneProgressParams {
  /** Where the problem came from, for the client's own bookkeeping (echoed in no event; optional). */
  uri?: string;
  range?: Range;
}

/** Aborts a run started by `ponder/solve`; its request resolves with the partial result. Unknown ids are ignored. */
export const cancel = new NotificationType<CancelParams>('ponder/cancel');

export interface CancelParams {
  runId: string;
}

/**
 * Scores each step of a solution with the configured verifier. Two forms:
 * - `{problem, solution}`: scores the given text; nothing else changes.
 * - `{uri, range?}`: scores a solution block of a document the client has opened
 *   (`textDocument/didOpen`): the `# Solution` section containing `range.start`, or the document's
 *   first solution when `range` is absent (a range inside a problem picks that problem's first
 *   solution). The problem is the nearest `# Problem` section above the solution. Afterwards the
 *   server shows each step's score as an inlay hint at the step's end (asking the client to refresh
 *   with `workspace/inlayHint/refresh`) and publishes one warning diagnostic on the first step scoring
 *   under `ponder.verifier.lowScoreThreshold`. The result then also carries `document`.
 * Step offsets (`start`, `end`) are character offsets into the solution text.
 */
export const scoreSteps = new RequestType<ScoreStepsParams, ScoreStepsResponse, void>('ponder/scoreSteps');

export type ScoreStepsParams = ScoreTextParams | ScoreDocumentParams;

export interface ScoreTextParams {
  problem: string;
  solution: string;
}

export interface ScoreDocumentParams {
  uri: string;
  range?: Range;
}

export interface ScoreStepsResponse extends ScoreStepsResult {
  /** Set for the `{uri, range?}` form: where the scored solution and its steps are in the document. */
  document?: {
    uri: string;
    version: number;
    /** The solution block's body. */
    range: Range;
    /** One range per step, in document coordinates, parallel to `steps`. */
    stepRanges: Range[];
  };
}

/** What the configured endpoints can do; probed once per settings and cached. `refresh` probes again. */
export const capabilities = new RequestType<CapabilitiesParams | null | undefined, Capabilities, void>('ponder/capabilities');

export interface CapabilitiesParams {
  refresh?: boolean;
}

/**
 * API keys, held in the server's memory only: never logged, never echoed in an event or an error.
 * A field that is absent keeps its key; an empty string clears it. Send after every (re)start.
 */
export const setSecrets = new NotificationType<SetSecretsParams>('ponder/setSecrets');

export interface SetSecretsParams {
  policyApiKey?: string;
  verifierApiKey?: string;
}

// ---------------------------------------------------------------------------------------------------
// Server -> client
// ---------------------------------------------------------------------------------------------------

/** The events of one run, in order, batched every 30-50 ms; the last batch holds `result` or a fatal `error`. */
export const runEvents = new NotificationType<RunEventsParams>('ponder/runEvents');

export interface RunEventsParams {
  runId: string;
  events: SolveEvent[];
}

/**
 * The server's health, like rust-analyzer's `experimental/serverStatus`: sent after initialization,
 * whenever settings, secrets or the endpoints' reachability change, and when the server goes busy or
 * quiescent. Sent only to clients that set `capabilities.experimental.serverStatusNotification: true`
 * (see SERVER_STATUS_CAPABILITY), so editors that don't know it are not bothered.
 */
export const serverStatus = new NotificationType<ServerStatusParams>('ponder/serverStatus');

/** The experimental client capability that turns `ponder/serverStatus` on. */
export const SERVER_STATUS_CAPABILITY = 'serverStatusNotification';

export type ServerHealth = 'ok' | 'warning' | 'error';

export interface ServerStatusParams {
  /** `error`: the policy endpoint is unreachable; `warning`: the verifier is, or a setting is invalid. */
  health: ServerHealth;
  /** No run in progress. */
  quiescent: boolean;
  /** What is wrong and what to do, for a tooltip; absent when all is well. */
  message?: string;
  /** Runs in progress. */
  runs: number;
}

// ---------------------------------------------------------------------------------------------------
// Commands the server's code lenses invoke (the extension registers them)
// ---------------------------------------------------------------------------------------------------

/** Code lens above a problem: arguments `[uri: string, range: Range]` (the problem's body). */
export const SOLVE_PROBLEM_AT_COMMAND = 'ponder.solveProblemAt';
/** Code lens above a solution: arguments `[uri: string, range: Range]` (the solution's body). */
export const SCORE_STEPS_AT_COMMAND = 'ponder.scoreStepsAt';

/** Document languages the server serves code lenses, inlay hints and diagnostics for. */
export const DOCUMENT_LANGUAGES = ['markdown', 'ponder'] as const;
