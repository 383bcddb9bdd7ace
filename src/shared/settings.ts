// Ponder's configuration, derived from the one schema in settingsSchema.ts: the `ponder.*` section in VS
// Code, the LSP configuration, the CLI flags and environment variables. API keys are never part of it.
//
// An invalid value never replaces a valid one: mergeSettings keeps the value below it (in the end the
// default) and returns a message naming the key, the value and what is allowed. Each host decides what
// to do with the messages: the language server shows them as a warning in its status (the status bar)
// and runs with the rest; the CLI exits with code 2 and the message; a solve given invalid settings in
// code returns a fatal error naming them.
import { z } from 'zod';
import { settingMeta, settingsSchema, type SettingMeta } from './settingsSchema';

export type PonderSettings = z.output<typeof settingsSchema>;

type DottedKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Record<string, unknown> ? DottedKeys<T[K], `${Prefix}${K}.`> : `${Prefix}${K}`;
}[keyof T & string];

/** A setting's dotted key under `ponder.`, e.g. `policy.url`. */
export type SettingKey = DottedKeys<PonderSettings>;

/** The JSON Schema of one setting's value, as package.json holds it. */
export interface SettingJsonSchema {
  type: 'string' | 'number' | 'integer';
  default: unknown;
  enum?: string[];
  format?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

export interface SettingDefinition extends SettingMeta {
  key: SettingKey;
  /** The value's schema, default included. */
  schema: z.ZodType;
  json: SettingJsonSchema;
}

function jsonSchemaOf(schema: z.ZodType): SettingJsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  // z.int() says "a safe integer" with these bounds; they are noise in package.json and in messages.
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  return json as unknown as SettingJsonSchema;
}

function definitions(schema: z.ZodType, prefix: string): SettingDefinition[] {
  const meta = settingMeta.get(schema);
  if (meta) return [{ ...meta, key: prefix as SettingKey, schema, json: jsonSchemaOf(schema) }];
  if (schema instanceof z.ZodPrefault) return definitions(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([name, child]) =>
      definitions(child, prefix ? `${prefix}.${name}` : name),
    );
  }
  throw new Error(`settingsSchema: ponder.${prefix} is neither a group nor a setting(...)`);
}

/** Every setting, in the schema's order. */
export const SETTINGS: readonly SettingDefinition[] = definitions(settingsSchema, '');

export const DEFAULT_SETTINGS: PonderSettings = settingsSchema.parse({});

/** Environment variables that carry API keys. Never settings, flags, logs or events. */
export const SECRET_ENV = { policyApiKey: 'PONDER_API_KEY', verifierApiKey: 'PONDER_VERIFIER_API_KEY' } as const;

export interface Secrets {
  policyApiKey?: string;
  verifierApiKey?: string;
}

/** What a valid value of the setting is, in words: "one of chat, completions", "a number from 0 to 1". */
export function describeAllowed(setting: SettingDefinition): string {
  const { json } = setting;
  if (setting.allowed) return setting.allowed;
  if (json.enum) return `one of ${json.enum.join(', ')}`;
  if (json.type === 'number' || json.type === 'integer') {
    const low =
      json.minimum !== undefined
        ? { text: 'from', value: json.minimum }
        : json.exclusiveMinimum !== undefined
          ? { text: 'above', value: json.exclusiveMinimum }
          : null;
    let range = '';
    if (low && json.maximum !== undefined)
      range = low.text === 'from' ? ` from ${low.value} to ${json.maximum}` : ` above ${low.value} and at most ${json.maximum}`;
    else if (low) range = low.text === 'from' ? ` of at least ${low.value}` : ` above ${low.value}`;
    else if (json.maximum !== undefined) range = ` of at most ${json.maximum}`;
    return json.type === 'integer' ? `a number (an integer${range})` : `a number${range}`;
  }
  if (json.format === 'uri') return 'an http:// or https:// URL';
  return json.minLength ? 'a non-empty string' : 'a string';
}

export type SettingCheck = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Parses one value of a setting. Numbers are also accepted as text (flags, the environment and some
 * editors send text). `name` is how the problem names the setting: `ponder.<key>` unless given (a flag).
 */
export function checkSetting(setting: SettingDefinition, value: unknown, name = `ponder.${setting.key}`): SettingCheck {
  const numeric = setting.json.type === 'number' || setting.json.type === 'integer';
  const candidate = numeric && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const parsed = setting.schema.safeParse(candidate);
  if (parsed.success && candidate !== undefined) return { ok: true, value: parsed.data };
  return { ok: false, problem: settingProblem(setting, value, name) };
}

/** The message for an invalid value: `ponder.verifier.kind must be one of vllm-pooling, llm-judge, none; got "prm"`. */
export function settingProblem(setting: SettingDefinition, value: unknown, name = `ponder.${setting.key}`): string {
  const shown = typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}...` : value;
  return `${name} must be ${describeAllowed(setting)}; got ${JSON.stringify(shown) ?? 'nothing'}`;
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted key out of a nested settings object. */
export function getSetting(settings: unknown, key: string): unknown {
  let node: unknown = settings;
  for (const part of key.split('.')) {
    if (!isPlain(node)) return undefined;
    node = node[part];
  }
  return node;
}

function setSetting(settings: Plain, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = settings;
  for (const part of parts.slice(0, -1)) {
    if (!isPlain(node[part])) node[part] = {};
    node = node[part] as Plain;
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * Overlays partial settings (from VS Code, initializationOptions, a config file, CLI flags or the
 * environment) on a base, setting by setting through the schema: a valid value replaces the base's, an
 * invalid one is reported and the base's kept, so the result is always a whole, valid PonderSettings.
 * Unknown keys, `undefined` and `null` are ignored.
 */
export function mergeSettings(base: PonderSettings, overlay: unknown): { settings: PonderSettings; problems: string[] } {
  const problems: string[] = [];
  const out = structuredClone(base) as Plain;
  for (const setting of SETTINGS) {
    const value = getSetting(overlay, setting.key);
    if (value === undefined || value === null) continue;
    const checked = checkSetting(setting, value);
    if (checked.ok) setSetting(out, setting.key, checked.value);
    else problems.push(checked.problem);
  }
  return { settings: out as PonderSettings, problems };
}

/** What is wrong with settings built in code (rather than merged): one message per invalid value. */
export function settingsProblems(settings: PonderSettings): string[] {
  return SETTINGS.map((setting) => checkSetting(setting, getSetting(settings, setting.key))).flatMap((c) => (c.ok ? [] : [c.problem]));
}

/** Builds a nested partial-settings object from dotted keys. */
export function nestSettings(flat: Record<string, unknown>): Plain {
  const root: Plain = {};
  for (const [key, value] of Object.entries(flat)) setSetting(root, key, value);
  return root;
}

/** The setting with this dotted key; throws on a key the schema does not have (a programming error). */
export function settingDefinition(key: SettingKey): SettingDefinition {
  const setting = SETTINGS.find((s) => s.key === key);
  if (!setting) throw new Error(`no setting ponder.${key} in settingsSchema`);
  return setting;
}
