// What the settings schema (src/shared/settingsSchema.ts) generates outside the code: package.json's
// `contributes.configuration.properties` and the README's settings table. Pure functions, used by
// scripts/gen-settings.ts to write the files and by test/shared/settingsDocs.test.ts to check them.
import { SETTINGS, describeAllowed, type SettingDefinition } from '../src/shared/settings';

export const README_START = '<!-- settings:start (generated from src/shared/settingsSchema.ts by `npm run gen:settings`) -->';
export const README_END = '<!-- settings:end -->';

/** One entry of `contributes.configuration.properties`, keys in VS Code's usual order. */
function manifestProperty(setting: SettingDefinition): Record<string, unknown> {
  const { type, enum: values, default: defaultValue, format, minLength, minimum, exclusiveMinimum, maximum } = setting.json;
  const { scope, order, enumDescriptions, markdownDescription } = setting;
  const property = {
    type,
    enum: values,
    default: defaultValue,
    format,
    minLength,
    minimum,
    exclusiveMinimum,
    maximum,
    scope,
    order,
    enumDescriptions,
    markdownDescription,
  };
  return Object.fromEntries(Object.entries(property).filter(([, value]) => value !== undefined));
}

export function manifestProperties(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(SETTINGS.map((setting) => [`ponder.${setting.key}`, manifestProperty(setting)]));
}

/** package.json's text with the generated properties; it must be formatted as JSON.stringify(_, null, 2). */
export function packageJsonWithSettings(text: string): string {
  const manifest = JSON.parse(text) as { contributes: { configuration: { properties: unknown } } };
  if (JSON.stringify(manifest, null, 2) + '\n' !== text)
    throw new Error(
      'package.json is not formatted as JSON.stringify(manifest, null, 2) with a final newline; format it so, then run npm run gen:settings again',
    );
  manifest.contributes.configuration.properties = manifestProperties();
  return JSON.stringify(manifest, null, 2) + '\n';
}

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replaceAll('|', '\\|');

function shownDefault(value: unknown): string {
  if (typeof value !== 'string') return code(JSON.stringify(value));
  return value === '' || /\s/.test(value) ? code(JSON.stringify(value)) : code(value);
}

/** The README's settings table, one row per setting. */
export function readmeTable(): string {
  const rows = SETTINGS.map((setting) => {
    const flag = setting.flagSets ? `${code(setting.flag)} (sets ${code(setting.flagSets)})` : code(setting.flag);
    const allowed = setting.json.enum ? setting.json.enum.map(code).join(', ') : describeAllowed(setting);
    return `| ${code(setting.key)} | ${flag} | ${code(setting.env)} | ${shownDefault(setting.json.default)} | ${cell(allowed)} |`;
  });
  return ['| setting (`ponder.` ...) | CLI flag | environment | default | allowed |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The README's text with the generated table between the markers. */
export function readmeWithSettings(text: string): string {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no settings table between ${README_START} and ${README_END}; put the two markers where the table goes`);
  return `${text.slice(0, start + README_START.length)}\n${readmeTable()}\n${text.slice(end)}`;
}
