// Progress of a long eval: a redrawn bar with ETA on a TTY (stderr), a plain line now and then
// otherwise, or NDJSON lines on stdout with --json.

export interface ProgressState {
  problemsDone: number;
  problemsTotal: number;
  /** Generations spent by this invocation (cached work costs none). */
  generations: number;
  /** Running accuracy of the headline strategy at the largest budget over the problems done. */
  accuracy: number | null;
  accuracyLabel: string;
  etaMs: number | null;
}

export interface ProgressSink {
  update(state: ProgressState): void;
  done(): void;
}

function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

export function progressLine(state: ProgressState, width = 24): string {
  const f = state.problemsTotal ? state.problemsDone / state.problemsTotal : 1;
  const filled = Math.round(f * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const acc = state.accuracy === null ? '-' : `${(100 * state.accuracy).toFixed(1)}%`;
  return `[${bar}] ${state.problemsDone}/${state.problemsTotal} problems | ${state.generations} generations | ${state.accuracyLabel} ${acc} | ETA ${duration(state.etaMs)}`;
}

/** NDJSON on stdout: `{"type":"progress",...}` lines (the final summary line is written by the command). */
export function jsonProgress(write: (line: string) => void): ProgressSink {
  return {
    update: (state) => write(JSON.stringify({ type: 'progress', ...state }) + '\n'),
    done: () => undefined,
  };
}

/** A bar redrawn in place on a TTY; on a pipe or file, a plain line at most every `everyMs`. */
export function barProgress(stream: NodeJS.WriteStream, everyMs = 5000, now = () => Date.now()): ProgressSink {
  let last = 0;
  let drawn = false;
  return {
    update(state) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${progressLine(state, Math.max(10, Math.min(30, (stream.columns ?? 100) - 90)))}`);
        drawn = true;
      } else if (now() - last >= everyMs || state.problemsDone === state.problemsTotal) {
        last = now();
        stream.write(progressLine(state) + '\n');
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
