// The engine's public API, shared by the language server and the CLI.
import type { PonderSettings, Secrets } from '../shared/settings';
import type { SolveRun, ScoreStepsResult, Capabilities } from '../shared/api';
import type { SolveRequest } from '../shared/solveRequest';
import { probeCapabilities } from './capabilities';
import { PolicyClient } from './endpoints/policy';
import { scoreSolution } from './scoreSteps';
import { startSolve } from './solve';
import { createVerifier } from './verifiers/index';

export interface EngineOptions {
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

export interface Engine {
  /**
   * Starts a run at once, with the request's `runId` or, when it has none, a new one (`newRunId`). Events
   * stream in order; the result resolves (never rejects) with the partial result after a cancel or a
   * fatal error (SolveResult.error set).
   */
  solve(request: SolveRequest & { signal?: AbortSignal }): SolveRun;
  scoreSteps(request: { problem: string; solution: string; signal?: AbortSignal }): Promise<ScoreStepsResult>;
  /** Probed once and cached; `refresh` probes again. Never rejects: unreachable endpoints are reported in the result. */
  capabilities(options?: { refresh?: boolean; signal?: AbortSignal }): Promise<Capabilities>;
}

export function createEngine(settings: PonderSettings, secrets: Secrets, options: EngineOptions = {}): Engine {
  const log = options.log ?? (() => {});
  let policy = new PolicyClient(settings, secrets.policyApiKey);
  let verifier = createVerifier(settings, secrets);
  let cached: Promise<Capabilities> | null = null;
  return {
    solve: (request) => startSolve({ settings, policy, verifier, log }, request),
    scoreSteps: (request) => scoreSolution(settings, verifier, request),
    capabilities(probe = {}) {
      if (probe.refresh) {
        // Fresh clients forget what was learned (model, continuation mode, `n` support).
        policy = new PolicyClient(settings, secrets.policyApiKey);
        verifier = createVerifier(settings, secrets);
        cached = null;
      }
      cached ??= probeCapabilities(settings, policy, verifier, probe.signal);
      return cached;
    },
  };
}

export type { Capabilities, ScoreStepsResult, SolveRun } from '../shared/api';
export type { SolveRequest } from '../shared/solveRequest';
export { splitSteps, type Step } from '../shared/steps';
export {
  selectAnswer,
  majorityVote,
  bestOfN,
  weightedBestOfN,
  selectAcrossChains,
  type Sample,
  type Aggregation,
  type Selection,
} from './voting';
export { loadPolicy } from './router/router';
export { parsePolicy, PolicyFile } from './router/schema';
