// Resolves Ponder's settings for a CLI command: defaults < --config FILE < environment < flags.
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, SECRET_ENV, SETTING_NAMES, mergeSettings, nestSettings, type PonderSettings, type Secrets } from '../shared/settings';

/** The parseArgs option table for every setting flag, plus --config. */
export function settingOptions(): Record<string, { type: 'string' | 'boolean' }> {
  const options: Record<string, { type: 'string' | 'boolean' }> = { config: { type: 'string' } };
  for (const { flag } of SETTING_NAMES) if (flag) options[flag.slice(2)] = { type: 'string' };
  options.verbose = { type: 'boolean' }; // --verbose is ponder.trace.server = verbose
  return options;
}

export class UsageError extends Error {}

export function resolveSettings(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): { settings: PonderSettings; secrets: Secrets } {
  let settings = DEFAULT_SETTINGS;
  const apply = (overlay: unknown, source: string) => {
    const merged = mergeSettings(settings, overlay);
    if (merged.problems.length) throw new UsageError(`${source}: ${merged.problems.join('; ')}`);
    settings = merged.settings;
  };
  if (typeof values.config === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(values.config, 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read --config ${values.config}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Accept both {"ponder": {...}} / {"ponder.policy.url": ...} (VS Code style) and a bare section.
    const section = (parsed as Record<string, unknown>)?.ponder ?? parsed;
    const flat = Object.fromEntries(
      Object.entries(section as Record<string, unknown>).filter(([k]) => k.startsWith('ponder.')).map(([k, v]) => [k.slice(7), v]),
    );
    apply(section, `--config ${values.config}`);
    apply(nestSettings(flat), `--config ${values.config}`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const { key, env: name } of SETTING_NAMES) if (name && env[name]) fromEnv[key] = env[name];
  apply(nestSettings(fromEnv), 'environment');
  const fromFlags: Record<string, unknown> = {};
  for (const { key, flag } of SETTING_NAMES) {
    const v = flag ? values[flag.slice(2)] : undefined;
    if (v !== undefined) fromFlags[key] = key === 'trace.server' ? (v === true ? 'verbose' : 'off') : v;
  }
  apply(nestSettings(fromFlags), 'flags');
  return {
    settings,
    secrets: { policyApiKey: env[SECRET_ENV.policyApiKey] || undefined, verifierApiKey: env[SECRET_ENV.verifierApiKey] || undefined },
  };
}
