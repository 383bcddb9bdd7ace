// What the evaluation needs from the engine, as one small interface (implemented over `createEngine`
// in engineBackend.ts). Everything is cancellable; nothing here grades answers.
import type { Usage } from '../shared/events';

/** One sample of the pool: its extracted answer and its last step's verifier score (null: no verifier). */
export interface PoolSample {
  answer: string | null;
  lastScore: number | null;
}

export interface DrawnSamples {
  samples: PoolSample[];
  usage: Usage;
}

export interface StrategyRun {
  answer: string | null;
  usage: Usage;
  /**
   * The parameters the engine chose (from its `route` event), with `probe`: the probe's sample count, and
   * `probeSignal`: its difficulty signal (rounded to 1e-6) when it drew one.
   */
  params: Record<string, number | string | boolean>;
  /** Set when the run lost generations or ended with an error (then it is not cached). */
  partial: boolean;
  error?: string;
}

export interface EvalBackend {
  /** Who is being evaluated, for the cache key and the report's provenance (never a key or secret). */
  readonly identity: {
    policyUrl: string;
    policyModel: string;
    verifierKind: string;
    verifierUrl: string | null;
    verifierModel: string | null;
  };
  readonly hasVerifier: boolean;
  /** `seed`: the engine's run seed (SolveRequest.seed), so the same eval gives the same samples. */
  drawSamples(problem: string, n: number, signal: AbortSignal, seed: number): Promise<DrawnSamples>;
  /**
   * `strategy`: a name or a variant's label (`beam:width=16`, see variants.ts). `probe`: draw the engine's
   * difficulty probe first, as a routed run does (SolveRequest.probe).
   */
  runStrategy(
    problem: string,
    strategy: string,
    budget: number,
    signal: AbortSignal,
    options: { seed: number; probe: boolean },
  ): Promise<StrategyRun>;
  scoreSteps(problem: string, steps: readonly string[], signal: AbortSignal): Promise<number[]>;
  /** Model names as the servers report them; whether they are simulated (from their `owned_by`). */
  describe(signal: AbortSignal): Promise<{ policyModel: string; verifierModel: string | null; simulated: boolean }>;
}
