// The server's log: window/logMessage lines whose level follows `ponder.trace.server` (off: errors and
// warnings; messages: + info; verbose: + debug), every line redacted of secrets.
import type { PonderSettings } from '../shared/settings';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogSink {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const THRESHOLD: Record<PonderSettings['trace']['server'], number> = { off: RANK.warn, messages: RANK.info, verbose: RANK.debug };

export class Logger {
  private threshold = THRESHOLD.off;

  constructor(
    private readonly sink: LogSink,
    private readonly redact: (text: string) => string,
  ) {}

  setTrace(trace: PonderSettings['trace']['server']): void {
    this.threshold = THRESHOLD[trace];
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= this.threshold;
  }

  write(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    const line = this.redact(message);
    if (level === 'error') this.sink.error(line);
    else if (level === 'warn') this.sink.warn(line);
    else if (level === 'info') this.sink.info(line);
    else this.sink.log(`[debug] ${line}`);
  }

  error(message: string): void {
    this.write('error', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }
}

/** A readable message from anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
