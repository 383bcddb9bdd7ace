// The verifier interface: P(step correct) for each step of a (partial) solution.
export interface VerifierContext {
  signal: AbortSignal;
  /** Called once per HTTP call to the verifier, for the run's usage. */
  onCall?: () => void;
  log?: (level: 'warn' | 'debug', message: string) => void;
}

export interface Verifier {
  readonly kind: 'vllm-pooling' | 'llm-judge' | 'none';
  readonly url: string | null;
  /** One score in [0, 1] per step, in order. */
  scoreSteps(problem: string, steps: readonly string[], context: VerifierContext): Promise<number[]>;
  /** The last step's score only (what beam search and answer weighting need); cheaper for llm-judge. */
  scoreLastStep(problem: string, steps: readonly string[], context: VerifierContext): Promise<number>;
  /** The model name in use (resolved from the server when not configured). */
  model(signal?: AbortSignal): Promise<string | null>;
}
