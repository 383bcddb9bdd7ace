// What the server knows of a run from its events: phase and budget used (for work-done progress), the
// latest usage, and whether the run has ended; enough to build a partial result if the engine does not
// stop in time after a cancel.
import { emptyUsage, type ResultEvent, type SolveEvent, type SolveResult, type Usage } from '../shared/events';
import { describePhase, nextPhase, phaseEnded, STARTING_PHASE, type RunPhase } from '../shared/runPhase';
import type { StrategyName } from '../shared/strategies';

export class RunState {
  readonly startedAt = Date.now();
  budget: number;
  strategy: StrategyName | null = null;
  phase: RunPhase = STARTING_PHASE;
  usage: Usage = emptyUsage();

  constructor(
    readonly runId: string,
    budget: number,
  ) {
    this.budget = budget;
  }

  /** The terminal event (`result` or fatal `error`) was seen. */
  get ended(): boolean {
    return phaseEnded(this.phase);
  }

  observe(event: SolveEvent): void {
    this.phase = nextPhase(this.phase, event);
    switch (event.type) {
      case 'started':
        this.budget = event.budget;
        break;
      case 'route':
        this.strategy = event.strategy;
        break;
      case 'usage': {
        const { type: _type, t: _t, ...usage } = event;
        this.usage = usage;
        break;
      }
      case 'result':
        this.usage = event.usage;
        break;
      case 'error':
      case 'difficulty':
      case 'candidate':
      case 'delta':
      case 'step':
      case 'score':
      case 'pruned':
      case 'final':
        break;
      default: {
        const unknown: never = event;
        void unknown;
      }
    }
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  /** Percentage of the budget spent, for work-done progress. */
  percentage(): number {
    return Math.min(100, Math.floor((100 * this.usage.generations) / Math.max(1, this.budget)));
  }

  progressMessage(): string {
    return `${describePhase(this.phase)}: ${this.usage.generations}/${this.budget} generations`;
  }

  /** The result event the server emits itself when the engine did not end the run in time after a cancel. */
  partialResultEvent(): ResultEvent {
    const elapsedMs = this.elapsedMs();
    return { type: 'result', t: elapsedMs, answer: null, votes: [], bestCandidateId: null, usage: this.usage, elapsedMs, partial: true };
  }

  partialResult(error?: string): SolveResult {
    return {
      runId: this.runId,
      answer: null,
      votes: [],
      bestCandidateId: null,
      usage: this.usage,
      elapsedMs: this.elapsedMs(),
      strategy: this.strategy,
      partial: true,
      ...(error === undefined ? {} : { error }),
    };
  }
}
