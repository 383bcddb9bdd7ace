// The runs in progress: each `ponder/solve` drives one engine run, streams its events as
// `ponder/runEvents` batches (the terminal batch before the response), reports work-done progress,
// and can be cancelled by `$/cancelRequest` or `ponder/cancel`; several runs go at once.
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { Engine } from '../core/index';
import type { SolveRun } from '../shared/api';
import type { SolveEvent, SolveResult } from '../shared/events';
import type { RunEventsParams } from '../shared/protocol';
import type { RunRequest } from '../shared/solveRequest';
import { BATCH_INTERVAL_MS, EventBatcher } from './batcher';
import { errorMessage, type Logger } from './log';
import { RunState } from './runState';

/** How long the engine gets to end a cancelled run before the server answers with what it has. */
export const CANCEL_GRACE_MS = 700;

export interface RunRegistryOptions {
  send(params: RunEventsParams): void;
  log: Logger;
  redact(text: string): string;
  /** Called whenever a run starts or ends, with the number of runs in progress. */
  onActiveChange(count: number): void;
  batchIntervalMs?: number;
  cancelGraceMs?: number;
}

type Outcome = { kind: 'done'; result: SolveResult } | { kind: 'failed'; error: unknown } | { kind: 'timeout' };

export class RunRegistry {
  private readonly active = new Map<string, AbortController>();

  constructor(private readonly options: RunRegistryOptions) {}

  get size(): number {
    return this.active.size;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Aborts a run; returns false when no such run is in progress. */
  cancel(runId: string): boolean {
    const controller = this.active.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.active.values()) controller.abort();
  }

  async run(
    engine: () => Engine,
    request: RunRequest,
    defaultBudget: number,
    token: CancellationToken,
    progress: WorkDoneProgressReporter,
  ): Promise<SolveResult> {
    const { log, redact } = this.options;
    const { runId } = request;
    const controller = new AbortController();
    this.active.set(runId, controller);
    this.options.onActiveChange(this.active.size);
    const cancelSubscription = token.onCancellationRequested(() => controller.abort());
    controller.signal.addEventListener('abort', () => log.info(`run ${runId}: cancelled`), { once: true });

    const state = new RunState(runId, request.budget ?? defaultBudget);
    progress.begin('Ponder: solving', 0, state.progressMessage(), true);
    const batcher = new EventBatcher((events) => {
      this.options.send({ runId, events });
      progress.report(state.percentage(), state.progressMessage());
      if (log.enabled('debug')) log.debug(`run ${runId}: sent ${events.length} events (${summarize(events)})`);
    }, this.options.batchIntervalMs ?? BATCH_INTERVAL_MS);
    const accept = (event: SolveEvent) => {
      if (state.ended) return; // after the terminal event (e.g. our own partial result) nothing more is sent
      const safe = event.type === 'error' ? { ...event, message: redact(event.message) } : event;
      state.observe(safe);
      batcher.push(safe);
      if (state.ended) batcher.flush();
    };

    log.info(`run ${runId}: started (budget ${state.budget}, strategy ${request.strategy ?? 'from settings'})`);
    try {
      const result = await this.drive(engine, request, controller.signal, state, accept);
      log.info(
        `run ${runId}: ended (answer ${JSON.stringify(result.answer)}, ${result.usage.generations} generations, ${result.elapsedMs} ms${result.partial ? ', partial' : ''})`,
      );
      return result;
    } finally {
      batcher.flush();
      progress.done();
      cancelSubscription.dispose();
      this.active.delete(runId);
      this.options.onActiveChange(this.active.size);
    }
  }

  private async drive(
    engine: () => Engine,
    request: RunRequest,
    signal: AbortSignal,
    state: RunState,
    accept: (event: SolveEvent) => void,
  ): Promise<SolveResult> {
    const { redact, log } = this.options;
    const fail = (message: string): SolveResult => {
      const safe = redact(message);
      accept({ type: 'error', t: state.elapsedMs(), message: safe, fatal: true });
      return state.partialResult(safe);
    };
    let run: SolveRun;
    try {
      run = engine().solve({ ...request, signal });
    } catch (err) {
      return fail(`Ponder could not start the run: ${errorMessage(err)}`);
    }
    const events: AsyncIterable<SolveEvent> = run;
    const pumped = (async () => {
      for await (const event of events) accept(event);
    })();
    const finished = Promise.all([pumped, run.result]).then(
      ([, result]): Outcome => ({ kind: 'done', result }),
      (error: unknown): Outcome => ({ kind: 'failed', error }),
    );
    const deadline = afterAbort(signal, this.options.cancelGraceMs ?? CANCEL_GRACE_MS);
    const outcome = await Promise.race([finished, deadline.promise.then((): Outcome => ({ kind: 'timeout' }))]);
    deadline.dispose();

    switch (outcome.kind) {
      case 'done': {
        const result = {
          ...outcome.result,
          runId: request.runId,
          ...(outcome.result.error ? { error: redact(outcome.result.error) } : {}),
        };
        if (!state.ended) accept(terminalEventOf(result, state));
        return result;
      }
      case 'failed':
        return fail(`The run failed inside Ponder: ${errorMessage(outcome.error)}`);
      case 'timeout':
        log.warn(
          `run ${request.runId}: the engine did not stop within ${this.options.cancelGraceMs ?? CANCEL_GRACE_MS} ms of the cancel; answering with the partial result`,
        );
        accept(state.partialResultEvent());
        return state.partialResult();
      default: {
        const unknown: never = outcome;
        return unknown;
      }
    }
  }
}

/** The result (or fatal error) event for a result the engine returned without emitting one. */
function terminalEventOf(result: SolveResult, state: RunState): SolveEvent {
  const t = state.elapsedMs();
  if (result.error) return { type: 'error', t, message: result.error, fatal: true };
  const { answer, votes, bestCandidateId, usage, elapsedMs, partial } = result;
  return { type: 'result', t, answer, votes, bestCandidateId, usage, elapsedMs, partial };
}

/** A promise that resolves `graceMs` after `signal` aborts (never, if it doesn't). */
function afterAbort(signal: AbortSignal, graceMs: number): { promise: Promise<void>; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const promise = new Promise<void>((resolve) => {
    onAbort = () => {
      timer = setTimeout(resolve, graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    promise,
    dispose() {
      signal.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    },
  };
}

function summarize(events: SolveEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${n} ${type}`).join(', ');
}
