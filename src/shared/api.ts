import type { SolveEvent, SolveResult } from './events';
import type { StrategyChoice } from './strategies';

/** A request to solve one problem. `budget` and `strategy` override the settings for this run. */
export interface SolveRequest {
  problem: string;
  budget?: number;
  strategy?: StrategyChoice;
  /** Chosen by the caller (a UUID) so it can match events from the first one; generated when absent. */
  runId?: string;
  /**
   * A run seed: every request then carries a `seed` derived from it and the candidate it is for, so
   * the same request to the same (seeded) server gives the same run. Absent: unseeded sampling.
   */
  seed?: number;
  /** false: no `delta` events and unstreamed requests (cheaper for batch evaluation). Default true. */
  deltas?: boolean;
  /**
   * With an explicit strategy: draw the difficulty probe first, exactly as `auto` does (it counts against
   * the budget and its samples join the strategy), so the run is what the router does when it picks
   * this strategy. Used by `ponder eval` to measure the router's candidate routes. Default false.
   */
  probe?: boolean;
}

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

/** What the configured endpoints can do, probed once and cached. */
export interface Capabilities {
  policy: {
    url: string;
    model: string | null;
    reachable: boolean;
    error?: string;
    /** How partial answers are continued; `none` rules out beam and lookahead. */
    continuation: 'continue-final-message' | 'completions' | 'none';
    supportsN: boolean;
    logprobs: boolean;
  };
  verifier: {
    kind: 'vllm-pooling' | 'llm-judge' | 'none';
    url: string | null;
    model: string | null;
    reachable: boolean;
    error?: string;
  };
}
