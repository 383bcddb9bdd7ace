// What the server knows of a run from its events: phase and budget used (for work-done progress), the
// latest usage, and whether the run has ended; enough to build a partial result if the engine does not
// stop in time after a cancel.
import { emptyUsage, type ResultEvent, type SolveEvent, type SolveResult, type Usage } from '../shared/events';
import type { StrategyName } from '../shared/strategies';

export class RunState {
  readonly startedAt = Date.now();
  budget: number;
  strategy: StrategyName | null = null;
  phase = 'starting';
  usage: Usage = emptyUsage();
  ended = false;

  constructor(
    readonly runId: string,
    budget: number,
  ) {
    this.budget = budget;
  }

  observe(event: SolveEvent): void {
    switch (event.type) {
      case 'started':
        this.budget = event.budget;
        break;
      case 'difficulty':
        this.phase = `difficulty ${event.bin} of 5`;
        break;
      case 'route':
        this.strategy = event.strategy;
        this.phase = event.strategy;
        break;
      case 'usage': {
        const { type: _type, t: _t, ...usage } = event;
        this.usage = usage;
        break;
      }
      case 'result':
        this.usage = event.usage;
        this.ended = true;
        break;
      case 'error':
        if (event.fatal) this.ended = true;
        break;
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
    return `${this.phase}: ${this.usage.generations}/${this.budget} generations`;
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
