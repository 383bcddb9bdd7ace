// What a run is doing, folded from its events: the one definition behind the server's work-done
// progress (src/server/runState.ts) and the status bar (through the run model).
import type { SolveEvent } from './events';
import type { DifficultyBin, StrategyName } from './strategies';

export type RunPhase =
  | { readonly kind: 'starting' }
  /** The router's probe is sampling (candidates before any difficulty or route). */
  | { readonly kind: 'estimating' }
  | { readonly kind: 'routing'; readonly bin: DifficultyBin }
  | { readonly kind: 'solving'; readonly strategy: StrategyName }
  | { readonly kind: 'done' }
  | { readonly kind: 'partial' }
  | { readonly kind: 'failed' };

export const STARTING_PHASE: RunPhase = { kind: 'starting' };

/** Whether the run has ended: its `result` or fatal `error` was seen. */
export function phaseEnded(phase: RunPhase): boolean {
  return phase.kind === 'done' || phase.kind === 'partial' || phase.kind === 'failed';
}

/** The phase after `event`; a run that ended stays ended. */
export function nextPhase(phase: RunPhase, event: SolveEvent): RunPhase {
  if (phaseEnded(phase)) return phase;
  switch (event.type) {
    case 'candidate':
      return phase.kind === 'starting' ? { kind: 'estimating' } : phase;
    case 'difficulty':
      return { kind: 'routing', bin: event.bin };
    case 'route':
      return { kind: 'solving', strategy: event.strategy };
    case 'result':
      return { kind: event.partial ? 'partial' : 'done' };
    case 'error':
      return event.fatal ? { kind: 'failed' } : phase;
    default:
      return phase;
  }
}

/** The phase in a few words, for the status bar and the progress notification. */
export function describePhase(phase: RunPhase): string {
  switch (phase.kind) {
    case 'starting':
      return 'starting';
    case 'estimating':
      return 'estimating difficulty';
    case 'routing':
      return `difficulty ${phase.bin} of 5, routing`;
    case 'solving':
      return phase.strategy;
    case 'done':
      return 'done';
    case 'partial':
      return 'partial result';
    case 'failed':
      return 'failed';
    default: {
      const unknown: never = phase;
      return unknown;
    }
  }
}
