// Resolves Ponder's settings for a CLI command: defaults < --config FILE < environment < flags. The flags
// and environment variables are the schema's (src/shared/settingsSchema.ts); an invalid value is a
// UsageError naming the flag, the variable or the file, so the command exits with the message.
import { readFileSync } from 'node:fs';
import {
  DEFAULT_SETTINGS,
  SECRET_ENV,
  SETTINGS,
  checkSetting,
  mergeSettings,
  nestSettings,
  type PonderSettings,
  type Secrets,
  type SettingDefinition,
} from '../shared/settings';

const optionName = (setting: SettingDefinition) => setting.flag.slice(2);

/** The parseArgs option table for every setting flag, plus --config. */
export function settingOptions(): Record<string, { type: 'string' | 'boolean' }> {
  const options: Record<string, { type: 'string' | 'boolean' }> = { config: { type: 'string' } };
  for (const setting of SETTINGS) options[optionName(setting)] = { type: setting.flagSets ? 'boolean' : 'string' };
  return options;
}

function metavar(setting: SettingDefinition): string {
  const { json } = setting;
  if (setting.flagSets) return '';
  if (json.enum) return ` ${json.enum.join('|')}`;
  if (json.type === 'integer') return ' N';
  if (json.type === 'number') return ' X';
  return json.format === 'uri' ? ' URL' : ' TEXT';
}

/** The help text for the setting flags: each flag, its values and its environment variable. */
export function settingsHelp(): string {
  const lines = SETTINGS.map((setting) => `  ${(setting.flag + metavar(setting)).padEnd(40)}  ${setting.env}`);
  return [
    'Endpoints and settings (flags, or the environment, or --config FILE; the same as the ponder.* settings in VS Code):',
    ...lines,
    `API keys: ${SECRET_ENV.policyApiKey}, ${SECRET_ENV.verifierApiKey} (environment only).`,
  ].join('\n');
}

export class UsageError extends Error {}

/** Parses each given text through its setting's schema, naming the flag or variable in a problem. */
function overlayOf(given: Array<{ setting: SettingDefinition; value: unknown; name: string }>): unknown {
  const flat: Record<string, unknown> = {};
  for (const { setting, value, name } of given) {
    const checked = checkSetting(setting, value, name);
    if (!checked.ok) throw new UsageError(checked.problem);
    flat[setting.key] = checked.value;
  }
  return nestSettings(flat);
}

export function resolveSettings(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): { settings: PonderSettings; secrets: Secrets } {
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
      Object.entries(section as Record<string, unknown>)
        .filter(([k]) => k.startsWith('ponder.'))
        .map(([k, v]) => [k.slice(7), v]),
    );
    apply(section, `--config ${values.config}`);
    apply(nestSettings(flat), `--config ${values.config}`);
  }
  apply(
    overlayOf(SETTINGS.filter((s) => env[s.env]).map((setting) => ({ setting, value: env[setting.env], name: setting.env }))),
    'environment',
  );
  const flags = SETTINGS.filter((s) => values[optionName(s)] !== undefined);
  apply(
    overlayOf(flags.map((setting) => ({ setting, value: setting.flagSets ?? values[optionName(setting)], name: setting.flag }))),
    'flags',
  );
  return {
    settings,
    secrets: { policyApiKey: env[SECRET_ENV.policyApiKey] || undefined, verifierApiKey: env[SECRET_ENV.verifierApiKey] || undefined },
  };
}
