import type { ReasoningShape } from './thinking';
import type { SolveEvent, SolveResult } from './events';
import type { StrategyName } from './strategies';

/** A run in progress: iterate its events (each exactly once, in order), await its result. */
export interface SolveRun extends AsyncIterable<SolveEvent> {
  readonly runId: string;
  readonly result: Promise<SolveResult>;
}

export interface ScoredStep {
  index: number;
  text: string;
  /** Character offsets of the step in the solution text. */
  start: number;
  end: number;
  score: number;
}

export interface ScoreStepsResult {
  steps: ScoredStep[];
  /** Index of the first step scoring under `verifier.lowScoreThreshold`, or null. */
  firstLowStep: number | null;
}

/** The servers Ponder knows by behaviour (from `/v1/models`' `owned_by` and each server's own endpoints). */
export const SERVER_KINDS = ['vllm', 'sglang', 'openai', 'ollama', 'llamacpp', 'lmstudio', 'unknown'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Whether a strategy runs as configured against the probed endpoints (`ponder check`, Check Endpoints). */
export interface StrategyCheck {
  strategy: StrategyName;
  /** `ok`: runs as configured; `degraded`: runs, with what is worked around in `reason`; `unavailable`: the router will not pick it. */
  status: 'ok' | 'degraded' | 'unavailable';
  /** What is missing or worked around, in words; absent when `ok`. */
  reason?: string;
  /** The setting (or step) that would make it run fully, e.g. "set ponder.verifier.kind to vllm-pooling and ponder.verifier.url to your PRM server". */
  fix?: string;
}

/** What the configured endpoints can do, probed once and cached. */
export interface Capabilities {
  policy: {
    url: string;
    model: string | null;
    reachable: boolean;
    error?: string;
    /** The server behind the URL, recognised by behaviour; `unknown` when none matched. Added in 0.2. */
    server: ServerKind;
    /** How partial answers are continued; `none` rules out beam and lookahead. */
    continuation: 'continue-final-message' | 'completions' | 'none';
    /** Why the continuation mode is what it is (probed or configured). Added in 0.2. */
    continuationNote?: string;
    /**
     * With `continue-final-message`: the server's chat template trims the partial answer's trailing
     * whitespace (transformers' rule on Llama 3.x / Gemma templates), so continuations are requested with
     * `min_tokens` and the step separator is stripped from their start. null: not known. Added in 0.2.
     */
    trimsPrefix: boolean | null;
    supportsN: boolean;
    /** The largest `n` one request may ask for (llama.cpp: its slots); null when unbounded or not known. Added in 0.2. */
    maxN: number | null;
    logprobs: boolean;
    /** How the server says a stop string ended a choice: vLLM `stop_reason`, SGLang `matched_stop`, others only `finish_reason`. Added in 0.2. */
    stopReporting: 'stop_reason' | 'matched_stop' | 'finish_reason';
    /** How the policy returns its thinking (a reasoning model), or null when it does not reason. Added with reasoning models (issue 15). */
    reasoning?: ReasoningShape | null;
    /** Why `reasoning` is what it is (set, probed, or why the probe failed). */
    reasoningNote?: string;
  };
  verifier: {
    kind: 'vllm-pooling' | 'llm-judge' | 'none';
    url: string | null;
    model: string | null;
    reachable: boolean;
    error?: string;
  };
  /** One row per strategy, in STRATEGY_NAMES order. Added in 0.2. */
  strategies: StrategyCheck[];
}
