import type { DifficultyBin, StrategyChoice, StrategyName } from './strategies';

/**
 * The events of one run. The CLI prints them as NDJSON, the language server sends them in
 * `ponder/runEvents` batches, and the webview renders them through the reducer in `runModel.ts`.
 * Every event has `type` and `t` (ms since the run started). A run ends with exactly one `result`
 * (possibly partial) or one fatal `error`.
 */
export type SolveEvent =
  | StartedEvent
  | DifficultyEvent
  | RouteEvent
  | CandidateEvent
  | DeltaEvent
  | StepEvent
  | ScoreEvent
  | PrunedEvent
  | FinalEvent
  | UsageEvent
  | ResultEvent
  | ErrorEvent;

export type SolveEventType = SolveEvent['type'];

export interface StartedEvent {
  type: 'started';
  t: number;
  runId: string;
  problem: string;
  budget: number;
  strategy: StrategyChoice;
  /**
   * The run's `ponder.verifier.stepDelimiter`, so a view splits streamed text into steps as the engine
   * does; absent when it is the default blank line (DEFAULT_STEP_DELIMITER). Added in 0.3.
   */
  stepDelimiter?: string;
}

export interface DifficultyEvent {
  type: 'difficulty';
  t: number;
  bin: DifficultyBin;
  /** What the bin was estimated from. */
  signal: 'verifier' | 'agreement' | 'fixed';
  /** The signal's value: the mean last-step score, or the share of the probe agreeing with the top answer. */
  value: number;
  /** Candidate ids of the probe samples, reused by the chosen strategy. */
  probe: string[];
}

export interface RouteEvent {
  type: 'route';
  t: number;
  strategy: StrategyName;
  params: Record<string, number | string | boolean>;
  reason: string;
  /**
   * Capabilities the run had to work around, each a sentence that says how and what would fix it (a
   * verifier that cannot score, a server that cannot continue a partial answer or takes one choice per
   * request, a template that trims). Also in `reason`; absent when nothing was. Added in 0.2.
   */
  workarounds?: string[];
}

export type CandidateOrigin = 'probe' | 'sample' | 'beam' | 'lookahead-rollout' | 'revision';

export interface CandidateEvent {
  type: 'candidate';
  t: number;
  id: string;
  /** Beam search: the node this one extends. */
  parentId?: string;
  /** Revisions: which chain the attempt belongs to. */
  chain?: number;
  /** Revisions: the attempt this one revises. */
  revisionOf?: string;
  /** Beam search: the search round that created the node. */
  round?: number;
  origin: CandidateOrigin;
}

export interface DeltaEvent {
  type: 'delta';
  t: number;
  candidateId: string;
  /** Solution text only: a reasoning model's thinking never appears here (it may be '' when the delta is thinking only). */
  text: string;
  /** The request was retried: drop the candidate's earlier deltas (text and thinking); `text` starts it over (added with the engine, issue 5). */
  restart?: boolean;
  /**
   * A reasoning policy's thinking streamed for this candidate, appended to its thinking in order; never
   * part of its steps, scores or answer. Added with reasoning models (issue 15).
   */
  thinking?: string;
}

export interface StepEvent {
  type: 'step';
  t: number;
  candidateId: string;
  index: number;
  text: string;
}

export interface ScoreEvent {
  type: 'score';
  t: number;
  candidateId: string;
  stepIndex: number;
  score: number;
}

export interface PrunedEvent {
  type: 'pruned';
  t: number;
  candidateId: string;
  round: number;
}

export interface FinalEvent {
  type: 'final';
  t: number;
  candidateId: string;
  /** The extracted answer, or null when the candidate gave none. */
  answer: string | null;
  score?: number;
  /** Revisions with `stochastic-climb` acceptance: whether the attempt became its chain's current state. */
  accepted?: boolean;
  /**
   * The candidate's whole thinking (a reasoning policy), replacing what its `delta.thinking` pieces added
   * up to (also present when the run streamed no deltas). Absent when the policy showed none. Added with
   * reasoning models (issue 15).
   */
  thinking?: string;
}

export interface Usage {
  /** Generations spent, the paper's unit of budget; never above the run's budget. */
  generations: number;
  /** Generations whose retries were exhausted (counted in `generations` too). */
  failedGenerations: number;
  promptTokens: number;
  completionTokens: number;
  /** promptTokens + completionTokens. */
  tokens: number;
  requests: number;
  verifierCalls: number;
  /** 2 x parameters x tokens, when the policy's size is known. */
  flops?: number;
}

/**
 * Why a run stopped drawing and how much of its ceiling it spent (added with adaptive compute):
 * `settled` (the vote was settled at `confidence`), `budget` (the ceiling was spent), `token-cap`,
 * `cancelled`, or `done` (the strategy finished under its ceiling, e.g. beams that all ended).
 */
export interface StopInfo {
  reason: 'settled' | 'low-gain' | 'budget' | 'token-cap' | 'cancelled' | 'done';
  /** Generations spent (usage.generations). */
  spent: number;
  /** The run's budget, now a ceiling. */
  ceiling: number;
  /** `settled`: P(the leading answer keeps its lead at the ceiling). */
  confidence?: number;
  /** `low-gain`: the expected rise in the chance of a right answer had the run drawn to the ceiling. */
  gain?: number;
}

export interface UsageEvent extends Usage {
  type: 'usage';
  t: number;
  /** On the run's last usage event only (added with adaptive compute). */
  stopped?: StopInfo;
}

export interface Vote {
  answer: string;
  weight: number;
  count: number;
  candidateIds: string[];
}

export interface ResultEvent {
  type: 'result';
  t: number;
  answer: string | null;
  votes: Vote[];
  bestCandidateId: string | null;
  usage: Usage;
  elapsedMs: number;
  /** True when the run was cancelled or lost generations to errors before it finished. */
  partial?: boolean;
  /** Why the run stopped and how much of its budget it spent (added with adaptive compute). */
  stopped?: StopInfo;
}

export interface ErrorEvent {
  type: 'error';
  t: number;
  message: string;
  fatal: boolean;
}

/** What `solve()` resolves with, and `ponder/solve` returns. */
export interface SolveResult {
  runId: string;
  answer: string | null;
  votes: Vote[];
  bestCandidateId: string | null;
  usage: Usage;
  elapsedMs: number;
  strategy: StrategyName | null;
  partial: boolean;
  /** Why the run stopped and how much of its budget it spent (added with adaptive compute; absent after a fatal error). */
  stopped?: StopInfo;
  /** Set when the run ended with a fatal error instead of a result. */
  error?: string;
}

export function emptyUsage(): Usage {
  return { generations: 0, failedGenerations: 0, promptTokens: 0, completionTokens: 0, tokens: 0, requests: 0, verifierCalls: 0 };
}
