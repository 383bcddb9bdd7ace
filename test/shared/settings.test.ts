// The settings schema (src/shared/settingsSchema.ts) and what is derived from it in code: the defaults,
// validation with messages naming the key, the value and what is allowed, and the names every host uses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigurationStore } from '../../src/server/configuration';
import {
  DEFAULT_SETTINGS,
  SECRET_ENV,
  SETTINGS,
  getSetting,
  mergeSettings,
  nestSettings,
  settingsProblems,
  type PonderSettings,
} from '../../src/shared/settings';

const merge = (overlay: unknown) => mergeSettings(DEFAULT_SETTINGS, overlay);

test('DEFAULT_SETTINGS holds each setting’s schema default and nothing else, and is valid', () => {
  for (const setting of SETTINGS) assert.deepEqual(getSetting(DEFAULT_SETTINGS, setting.key), setting.json.default, setting.key);
  const leaves = (node: unknown): number =>
    typeof node === 'object' && node !== null ? Object.values(node).reduce((n: number, child) => n + leaves(child), 0) : 1;
  assert.equal(leaves(DEFAULT_SETTINGS), SETTINGS.length);
  assert.deepEqual(settingsProblems(DEFAULT_SETTINGS), []);
});

test('an invalid enum value is reported with the key, the value and the allowed values, and the base value is kept', () => {
  const base = merge({ verifier: { kind: 'none' } }).settings;
  const { settings, problems } = mergeSettings(base, { verifier: { kind: 'prm', model: 'm' } });
  assert.deepEqual(problems, ['ponder.verifier.kind must be one of vllm-pooling, llm-judge, none; got "prm"']);
  assert.equal(settings.verifier.kind, 'none', 'the value below is kept');
  assert.equal(settings.verifier.model, 'm', 'the valid value beside it applies');
  assert.equal(
    merge({ strategy: 'greedy' }).problems[0],
    'ponder.strategy must be one of auto, majority, best-of-n, weighted-best-of-n, beam, lookahead, revisions; got "greedy"',
  );
});

test('numbers: ranges and whole numbers are enforced, numbers given as text are parsed', () => {
  const cases: Array<[unknown, string]> = [
    [{ budget: { generations: 0 } }, 'ponder.budget.generations must be a number (an integer from 1 to 4096); got 0'],
    [{ budget: { generations: 5000 } }, 'ponder.budget.generations must be a number (an integer from 1 to 4096); got 5000'],
    [{ budget: { generations: 2.5 } }, 'ponder.budget.generations must be a number (an integer from 1 to 4096); got 2.5'],
    [{ budget: { generations: 'many' } }, 'ponder.budget.generations must be a number (an integer from 1 to 4096); got "many"'],
    [{ budget: { tokenCap: -1 } }, 'ponder.budget.tokenCap must be a number (an integer of at least 0); got -1'],
    [{ revisions: { temperature: 0 } }, 'ponder.revisions.temperature must be a number above 0 and at most 10; got 0'],
    [{ verifier: { lowScoreThreshold: 1.5 } }, 'ponder.verifier.lowScoreThreshold must be a number from 0 to 1; got 1.5'],
    [{ policy: { parameters: true } }, 'ponder.policy.parameters must be a number of at least 0; got true'],
  ];
  for (const [overlay, message] of cases) {
    const { settings, problems } = merge(overlay);
    assert.deepEqual(problems, [message]);
    assert.deepEqual(settings, DEFAULT_SETTINGS, 'the defaults are kept');
  }
  const { settings, problems } = merge({ budget: { concurrency: ' 8 ' }, policy: { parameters: '8e9' }, revisions: { temperature: 10 } });
  assert.deepEqual(problems, []);
  assert.equal(settings.budget.concurrency, 8);
  assert.equal(settings.policy.parameters, 8e9);
  assert.equal(settings.revisions.temperature, 10);
});

test('strings: URLs must be http(s), a custom chat template needs {user}, the step delimiter cannot be empty', () => {
  assert.deepEqual(merge({ policy: { url: 'localhost:8000/v1' } }).problems, [
    'ponder.policy.url must be an http:// or https:// URL; got "localhost:8000/v1"',
  ]);
  assert.match(merge({ verifier: { url: 'ftp://host/' } }).problems[0], /^ponder\.verifier\.url must be an http:\/\/ or https:\/\/ URL/);
  assert.match(
    merge({ policy: { chatTemplate: 'Problem: {problem}' } }).problems[0],
    /^ponder\.policy\.chatTemplate must be chatml, llama3 or a template string containing \{user\}/,
  );
  assert.match(
    merge({ verifier: { stepDelimiter: '' } }).problems[0],
    /^ponder\.verifier\.stepDelimiter must be a non-empty string; got ""$/,
  );
  assert.match(merge({ policy: { model: 7 } }).problems[0], /^ponder\.policy\.model must be a string; got 7$/);
  const long = `x${'y'.repeat(100)}`;
  assert.ok(merge({ policy: { chatTemplate: long } }).problems[0].endsWith(`got "${long.slice(0, 60)}..."`), 'a long value is shortened');
  const { settings, problems } = merge({
    policy: { url: 'https://api.example.com/v1', chatTemplate: '### Problem\n{user}\n### Solution\n' },
    verifier: { url: 'http://[::1]:8001' },
  });
  assert.deepEqual(problems, []);
  assert.equal(settings.policy.url, 'https://api.example.com/v1');
  assert.equal(settings.verifier.url, 'http://[::1]:8001');
});

test('unknown keys, null, undefined and a group that is not an object are ignored', () => {
  const { settings, problems } = merge({
    policy: 'x',
    verifier: { kind: null, knd: 'none' },
    budget: { generations: undefined },
    nonsense: 1,
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.deepEqual(merge('not an object'), { settings: DEFAULT_SETTINGS, problems: [] });
});

test('settingsProblems checks settings built in code against the same schema', () => {
  const built = {
    ...DEFAULT_SETTINGS,
    budget: { ...DEFAULT_SETTINGS.budget, concurrency: 0 },
    revisions: { acceptance: 'sometimes' },
  } as unknown as PonderSettings;
  assert.deepEqual(settingsProblems(built), [
    'ponder.budget.concurrency must be a number (an integer from 1 to 1024); got 0',
    'ponder.revisions.acceptance must be one of always, stochastic-climb, metropolis; got "sometimes"',
    'ponder.revisions.temperature must be a number above 0 and at most 10; got nothing',
  ]);
});

test('every setting has a unique flag, environment variable and order, and VS Code metadata that fits its type', () => {
  const unique = (values: unknown[]) => assert.equal(new Set(values).size, values.length, `duplicates in ${values.join(', ')}`);
  unique(SETTINGS.map((s) => s.flag));
  unique(SETTINGS.map((s) => s.env));
  unique(SETTINGS.map((s) => s.order));
  for (const setting of SETTINGS) {
    assert.match(setting.flag, /^--[a-z][a-z-]*$/, setting.key);
    assert.match(setting.env, /^PONDER_[A-Z_]+$/, setting.key);
    assert.ok(!Object.values<string>(SECRET_ENV).includes(setting.env), `${setting.env} is an API key's variable`);
    if (setting.enumDescriptions)
      assert.equal(setting.enumDescriptions.length, setting.json.enum?.length, `${setting.key}: one enum description per value`);
    if (setting.flagSets !== undefined)
      assert.deepEqual(merge(nestSettings({ [setting.key]: setting.flagSets })).problems, [], `${setting.flag} sets a valid value`);
  }
  assert.deepEqual(
    SETTINGS.map((s) => s.order),
    [...SETTINGS.map((s) => s.order)].sort((a, b) => a - b),
    'the schema lists settings in Settings UI order',
  );
  assert.deepEqual(
    SETTINGS.filter((s) => s.scope === 'machine').map((s) => s.key),
    ['policy.url', 'verifier.url'],
    'only the endpoint URLs are machine-scoped',
  );
});

test('the flag and environment names in use stay as they are', () => {
  const names = Object.fromEntries(SETTINGS.map((s) => [s.key, [s.flag, s.env]]));
  const flags: Record<string, string> = {
    'policy.url': '--policy-url',
    'policy.model': '--policy-model',
    'policy.api': '--policy-api',
    'policy.continuation': '--continuation',
    'policy.chatTemplate': '--chat-template',
    'policy.parameters': '--policy-parameters',
    'policy.supportsN': '--supports-n',
    'verifier.kind': '--verifier-kind',
    'verifier.url': '--verifier-url',
    'verifier.model': '--verifier-model',
    'verifier.format': '--verifier-format',
    'verifier.stepDelimiter': '--step-delimiter',
    'verifier.lowScoreThreshold': '--low-score-threshold',
    'budget.generations': '--budget',
    'budget.maxTokensPerGeneration': '--max-tokens',
    'budget.tokenCap': '--token-cap',
    'budget.concurrency': '--concurrency',
    'request.timeoutMs': '--timeout-ms',
    strategy: '--strategy',
    'router.policyFile': '--policy-file',
    'difficulty.probeSize': '--probe',
    'revisions.acceptance': '--acceptance',
    'revisions.temperature': '--acceptance-temperature',
    'trace.server': '--verbose',
  };
  for (const [key, flag] of Object.entries(flags)) assert.equal(names[key]?.[0], flag, key);
  const env: Record<string, string> = {
    'policy.url': 'PONDER_POLICY_URL',
    'policy.model': 'PONDER_POLICY_MODEL',
    'verifier.kind': 'PONDER_VERIFIER_KIND',
    'verifier.url': 'PONDER_VERIFIER_URL',
    'verifier.model': 'PONDER_VERIFIER_MODEL',
  };
  for (const [key, name] of Object.entries(env)) assert.equal(names[key]?.[1], name, key);
});

test('the server keeps the last valid value of each key and reports a key only while its latest value is invalid', () => {
  const store = new ConfigurationStore();
  store.setInitializationOptions({ verifier: { kind: 'prm' }, budget: { generations: 8 } });
  assert.equal(store.current.settings.verifier.kind, 'vllm-pooling', 'the default stands in for the invalid value');
  assert.deepEqual(store.current.problems, ['ponder.verifier.kind must be one of vllm-pooling, llm-judge, none; got "prm"']);
  assert.equal(store.setClientSection({ verifier: { kind: 'none' }, budget: { generations: 0 } }), true);
  assert.equal(store.current.settings.verifier.kind, 'none');
  assert.equal(store.current.settings.budget.generations, 8, 'the valid value below is kept');
  assert.deepEqual(
    store.current.problems,
    ['ponder.budget.generations must be a number (an integer from 1 to 4096); got 0'],
    'the fixed key is no longer reported',
  );
});
