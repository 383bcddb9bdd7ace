// The one shape every strategy has: a context (endpoints, budget meter, emit, signal) in, candidates out.
import type { CandidateOrigin, SolveEvent } from '../../shared/events';
import type { PonderSettings } from '../../shared/settings';
import type { StrategyName } from '../../shared/strategies';
import type { PolicyClient, RunResources } from '../endpoints/policy';
import type { Verifier } from '../verifiers/types';
import type { Aggregation, Selection } from '../voting';
import type { ParamSchema } from './params';

/** Parameters as they travel: a route's (checked by the policy file's schema) and a plan's (shown in the route event). */
export type StrategyParams = Record<string, number | string | boolean>;

/** Omit that keeps a union a union. */
export type EventInput = SolveEvent extends infer E ? (E extends SolveEvent ? Omit<E, 't'> : never) : never;

/** A finished (or abandoned) solution that can take part in the final vote. */
export interface Candidate {
  id: string;
  origin: CandidateOrigin;
  text: string;
  steps: string[];
  answer: string | null;
  /** A reasoning policy's thinking before the answer (never in text, steps or answer). */
  thinking?: string;
  /** The last step's verifier score. */
  score?: number;
  /** Every step's verifier score, when it was scored step by step (min and product aggregation read them). */
  stepScores?: number[];
  /** Revisions: the chain it belongs to. */
  chain?: number;
  /** Votes it casts (a Metropolis chain that keeps its state votes for it again). */
  multiplicity: number;
}

export interface StrategyContext<Planned extends StrategyParams = StrategyParams> {
  problem: string;
  /** Generations this strategy may spend (the run's budget minus the probe's samples). */
  budget: number;
  /** The plan's parameters. */
  params: Planned;
  settings: PonderSettings;
  policy: PolicyClient;
  /** null when there is no verifier. */
  verifier: Verifier | null;
  run: RunResources;
  signal: AbortSignal;
  emit(event: EventInput): void;
  newId(): string;
  /** Probe samples already drawn (and paid for) that the strategy should reuse. */
  probe: Candidate[];
  /** Every candidate that takes part in the final vote; read for the partial result after a cancel. */
  pool: Candidate[];
  /** The run seed (SolveRequest.seed), or undefined for unseeded sampling. */
  seed: number | undefined;
  /** Whether to stream `delta` events (SolveRequest.deltas). */
  deltas: boolean;
}

export interface Plan<Planned extends StrategyParams = StrategyParams> {
  params: Planned;
  /** What was shrunk or changed to fit the budget and capabilities, for the route event's reason. */
  notes: string[];
}

/** `Planned`: what `plan` hands to `run` and `select`. (Methods, so the registry can hold every strategy as `Strategy`.) */
export interface Strategy<Planned extends StrategyParams = StrategyParams> {
  readonly name: StrategyName;
  /** The parameters a policy file or the settings may give it, the one place their defaults and ranges live. */
  readonly parameters: ParamSchema;
  /**
   * Parses the parameters with `parameters` (throwing on a bad one) and fits them to a budget (every
   * budget >= 1 is accepted) and the available verifier.
   * `reused`: probe samples already drawn (outside `budget`) that the strategy will reuse.
   */
  plan(budget: number, params: StrategyParams, hasVerifier: boolean, reused: number): Plan<Planned>;
  run(context: StrategyContext<Planned>): Promise<void>;
  /** The final answer from the pool; also used on the partial pool after a cancel, when there may be no plan yet. */
  select(pool: readonly Candidate[], params: Partial<Planned>): Selection;
}

export function aggregationFor(hasScores: boolean, wanted: Aggregation): Aggregation {
  return hasScores ? wanted : 'majority';
}
