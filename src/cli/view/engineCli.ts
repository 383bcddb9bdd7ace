// What `ponder solve` and `ponder score-steps` share: argument parsing into settings, and a stderr logger.
import { parseArgs } from 'node:util';
import { resolveSettings, settingOptions, settingsHelp, UsageError } from '../settings';
import type { PonderSettings, Secrets } from '../../shared/settings';

export { UsageError };

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  settings: PonderSettings;
  secrets: Secrets;
}

export function parseCommand(args: string[], own: Record<string, { type: 'string' | 'boolean' }>): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...settingOptions(), ...own, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { settings, secrets } = resolveSettings(parsed.values);
  return { values: parsed.values, positionals: parsed.positionals, settings, secrets };
}

/** Diagnostics on stderr: warnings and errors always, info and debug with --verbose. Never secrets. */
export function stderrLogger(settings: PonderSettings) {
  const verbose = settings.trace.server === 'verbose';
  return (level: 'error' | 'warn' | 'info' | 'debug', message: string) => {
    if (level === 'error' || level === 'warn' || verbose) process.stderr.write(`ponder [${level}] ${message}\n`);
  };
}

export const ENDPOINT_HELP = settingsHelp();
