// The CLI's setting flags and environment variables come from the settings schema: every setting has
// both, each parses into its setting's type, and a bad value is a usage error naming the flag or variable.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { resolveSettings, settingOptions, settingsHelp, UsageError } from '../../src/cli/settings';
import { DEFAULT_SETTINGS, SETTINGS, checkSetting, getSetting, type SettingDefinition } from '../../src/shared/settings';

/** A valid value other than the default, as the text a user would type. */
function sample(setting: SettingDefinition): string {
  const { json } = setting;
  let text: string;
  if (json.enum) text = json.enum.find((value) => value !== json.default)!;
  else if (json.type === 'number' || json.type === 'integer')
    text = String(json.maximum ?? (json.minimum ?? json.exclusiveMinimum ?? 0) + 7);
  else if (json.format === 'uri') text = 'https://example.test:9/v1';
  else text = 'Problem: {user}\nSolution:';
  assert.ok(
    checkSetting(setting, text).ok && text !== json.default,
    `no sample value for ${setting.key}: teach this test the new setting type`,
  );
  return text;
}

/** What the setting holds once `text` is parsed: a number for numeric settings, the text otherwise. */
const typed = (setting: SettingDefinition, text: string) => (setting.json.type === 'string' ? text : Number(text));

function resolveArgs(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { values } = parseArgs({ args, options: settingOptions(), strict: true });
  return resolveSettings(values, env).settings;
}

test('every setting has a flag that parses into its type', () => {
  const options = settingOptions();
  for (const setting of SETTINGS) {
    assert.ok(options[setting.flag.slice(2)], `${setting.flag} is an option`);
    const args = setting.flagSets ? [setting.flag] : [setting.flag, sample(setting)];
    const expected = setting.flagSets ?? typed(setting, args[1]);
    const value = getSetting(resolveArgs(args), setting.key);
    assert.equal(typeof value, setting.json.type === 'string' ? 'string' : 'number', `${setting.flag} gives a ${setting.json.type}`);
    assert.equal(value, expected, `${args.join(' ')} sets ponder.${setting.key}`);
  }
});

test('every setting has an environment variable that parses into its type', () => {
  for (const setting of SETTINGS) {
    const text = sample(setting);
    const value = getSetting(resolveArgs([], { [setting.env]: text }), setting.key);
    assert.equal(value, typed(setting, text), `${setting.env}=${JSON.stringify(text)} sets ponder.${setting.key}`);
  }
  assert.deepEqual(resolveArgs([], { PONDER_POLICY_MODEL: '' }), DEFAULT_SETTINGS, 'an empty variable is unset');
});

test('numbers given as flags are numbers, in any notation JSON numbers use', () => {
  const settings = resolveArgs(['--policy-parameters', '8e9', '--budget', '12', '--low-score-threshold', '0.25', '--timeout-ms', '300']);
  assert.deepEqual(
    [settings.policy.parameters, settings.budget.generations, settings.verifier.lowScoreThreshold, settings.request.timeoutMs],
    [8e9, 12, 0.25, 300],
  );
});

test('flags beat the environment, which beats --config; a config file may be nested or dotted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-settings-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ 'ponder.budget.generations': 4, 'ponder.policy.model': 'from-config', 'ponder.verifier.kind': 'none' }),
  );
  const settings = resolveArgs(['--config', config, '--budget', '2'], { PONDER_BUDGET_GENERATIONS: '3', PONDER_POLICY_MODEL: 'from-env' });
  assert.deepEqual([settings.budget.generations, settings.policy.model, settings.verifier.kind], [2, 'from-env', 'none']);
  writeFileSync(config, JSON.stringify({ ponder: { strategy: 'beam' } }));
  assert.equal(resolveArgs(['--config', config]).strategy, 'beam');
});

test('an invalid value is a usage error naming the flag, the variable or the file, with what is allowed', () => {
  const fails = (args: string[], env: NodeJS.ProcessEnv, message: string) =>
    assert.throws(
      () => resolveArgs(args, env),
      (err: unknown) => err instanceof UsageError && err.message === message,
    );
  fails(['--verifier-kind', 'prm'], {}, '--verifier-kind must be one of vllm-pooling, llm-judge, none; got "prm"');
  fails(['--budget', '0'], {}, '--budget must be a number (an integer from 1 to 4096); got "0"');
  fails(['--budget', 'many'], {}, '--budget must be a number (an integer from 1 to 4096); got "many"');
  fails(['--policy-url', 'localhost:8000'], {}, '--policy-url must be an http:// or https:// URL; got "localhost:8000"');
  fails(
    [],
    { PONDER_STRATEGY: 'greedy' },
    'PONDER_STRATEGY must be one of auto, majority, best-of-n, weighted-best-of-n, beam, lookahead, revisions; got "greedy"',
  );
  const dir = mkdtempSync(join(tmpdir(), 'ponder-settings-'));
  const config = join(dir, 'bad.json');
  writeFileSync(config, JSON.stringify({ ponder: { revisions: { temperature: 0 } } }));
  fails(['--config', config], {}, `--config ${config}: ponder.revisions.temperature must be a number above 0 and at most 10; got 0`);
});

test('the help lists every setting flag with its values and environment variable', () => {
  const help = settingsHelp();
  for (const setting of SETTINGS) assert.match(help, new RegExp(`^  ${setting.flag}\\b.* ${setting.env}$`, 'm'), setting.flag);
  assert.match(help, /^ {2}--verifier-kind vllm-pooling\|llm-judge\|none +PONDER_VERIFIER_KIND$/m);
  assert.match(help, /PONDER_API_KEY, PONDER_VERIFIER_API_KEY \(environment only\)/);
});
