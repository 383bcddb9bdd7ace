// Strategy parameters are declared once, by each strategy's zod schema: the policy file's rows and
// strategyDefaults are checked against the chosen strategy's schema (a typo or an out-of-range value is
// rejected with the file, the bin, the strategy and the key), and plan() fills the declared defaults.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createEngine } from '../../src/core/index';
import { loadPolicy, routeByTable } from '../../src/core/router/router';
import { parsePolicy } from '../../src/core/router/schema';
import { STRATEGIES } from '../../src/core/strategies/registry';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import { ROOT } from '../helpers/sim';

interface EditablePolicy {
  bins: Record<string, Array<{ maxBudget: number | null; strategy: string; params?: Record<string, unknown> }>>;
  strategyDefaults?: Record<string, Record<string, unknown>>;
}

const defaultPolicy = (): EditablePolicy => JSON.parse(readFileSync(join(ROOT, 'policies', 'default.json'), 'utf8')) as EditablePolicy;

function writePolicy(edit: (policy: EditablePolicy) => void): string {
  const policy = defaultPolicy();
  edit(policy);
  const file = join(mkdtempSync(join(tmpdir(), 'ponder-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

function loadError(file: string): string {
  try {
    loadPolicy(file);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail(`${file} loaded`);
}

describe('policy file parameters', () => {
  test('an unknown parameter is rejected with the file, the bin, the strategy, the key and the known keys', () => {
    const file = writePolicy((p) => (p.bins['3'][0].params = { widht: 4 }));
    assert.equal(loadError(file), `invalid router policy ${file}: bin 3 (maxBudget 64), beam: unknown parameter "widht" (known: width)`);
  });

  test('an out-of-range value is rejected with the range and the value', () => {
    const file = writePolicy((p) => (p.bins['4'][0].params = { width: 1 }));
    assert.equal(loadError(file), `invalid router policy ${file}: bin 4 (maxBudget 64), beam.width must be an integer >= 2; got 1`);
  });

  test('every problem is listed, in rows of any bin and in strategyDefaults', () => {
    const file = writePolicy((p) => {
      p.bins['1'][0].params = { length: 2.5, acceptance: 'sometimes' };
      p.bins['5'][0].params = { n: 8 };
      p.strategyDefaults = { lookahead: { k: 0 }, beams: { width: 4 } };
    });
    const lines = loadError(file).split('\n');
    assert.equal(lines[0], `invalid router policy ${file}:`);
    assert.deepEqual(lines.slice(1).sort(), [
      '  bin 1 (maxBudget 16), revisions.acceptance must be one of "always", "stochastic-climb", "metropolis"; got "sometimes"',
      '  bin 1 (maxBudget 16), revisions.length must be an integer >= 1; got 2.5',
      '  bin 5 (maxBudget null), weighted-best-of-n: unknown parameter "n" (known: stepAggregation, settle, gainBelow)',
      `  strategyDefaults, lookahead.k must be an integer >= 1; got 0`,
      `  strategyDefaults: unknown strategy "beams" (known: ${STRATEGY_NAMES.join(', ')})`,
    ]);
  });

  test('a row that changes strategy is checked against the new strategy', () => {
    // width is beam's parameter, not weighted-best-of-n's.
    assert.throws(
      () =>
        parsePolicy(
          {
            ...defaultPolicy(),
            bins: { ...defaultPolicy().bins, '3': [{ maxBudget: null, strategy: 'weighted-best-of-n', params: { width: 4 } }] },
          },
          'p.json',
        ),
      {
        message:
          'invalid router policy p.json: bin 3 (maxBudget null), weighted-best-of-n: unknown parameter "width" (known: stepAggregation, settle, gainBelow)',
      },
    );
  });

  test('a run with such a policy file fails at once with the same message', async () => {
    const file = writePolicy((p) => (p.bins['3'][0].params = { widht: 4 }));
    const settings = {
      ...DEFAULT_SETTINGS,
      verifier: { ...DEFAULT_SETTINGS.verifier, kind: 'none' as const },
      router: { policyFile: file },
    };
    const result = await createEngine(settings, {}).solve({ problem: 'What is 1+1?', budget: 4, strategy: 'majority' }).result;
    assert.equal(result.error, `invalid router policy ${file}: bin 3 (maxBudget 64), beam: unknown parameter "widht" (known: width)`);
    assert.equal(result.usage.generations, 0);
  });

  test('every policy in policies/ loads, and so does the built-in default', () => {
    const files = readdirSync(join(ROOT, 'policies')).filter((f) => f.endsWith('.json') && f !== 'policy.schema.json');
    assert.ok(files.includes('default.json'));
    for (const f of files) assert.doesNotThrow(() => loadPolicy(join(ROOT, 'policies', f)), f);
    assert.deepEqual(loadPolicy(''), loadPolicy(join(ROOT, 'policies', 'default.json')));
  });

  test('params stay as written: a row layers over strategyDefaults, and the strategy fills the rest when it plans', () => {
    const policy = parsePolicy({ ...defaultPolicy(), strategyDefaults: { beam: { width: 8 } } }, 'p.json');
    const fromDefaults = routeByTable({ ...policy, bins: { ...policy.bins, '3': [{ maxBudget: null, strategy: 'beam' }] } }, 3, 16);
    assert.deepEqual(fromDefaults.params, { width: 8 });
    assert.deepEqual(routeByTable(policy, 3, 16).params, { width: 4 }, "the row's own width wins");
    const revisions = routeByTable(policy, 1, 16);
    assert.deepEqual(revisions.params, { length: 4 }, 'acceptance and temperature stay unset, for the settings');
    assert.deepEqual(
      STRATEGIES.revisions.plan(16, { ...revisions.params, acceptance: 'stochastic-climb', temperature: 0.5 }, true, 0).params,
      {
        length: 4,
        acceptance: 'stochastic-climb',
        temperature: 0.5,
        chains: 4,
        selection: 'verifier-weighted',
      },
    );
  });

  test('acceptance "metropolis", the former name of stochastic-climb, still plans as stochastic-climb and says so', () => {
    const plan = STRATEGIES.revisions.plan(16, { acceptance: 'metropolis' }, true, 0);
    assert.equal(plan.params.acceptance, 'stochastic-climb');
    assert.ok(plan.notes.includes('acceptance "metropolis" is now named stochastic-climb'), plan.notes.join('; '));
  });
});

describe('strategy parameter schemas', () => {
  for (const name of STRATEGY_NAMES) {
    test(`${name}: the defaults parse, satisfy their own ranges and every parameter is described`, () => {
      const schema = STRATEGIES[name].parameters;
      const defaults = schema.parse({});
      assert.deepEqual(Object.keys(defaults).sort(), Object.keys(schema.shape).sort(), 'every parameter has a default');
      // zod does not check a default against its own field; a second parse of the filled values does.
      assert.deepEqual(schema.parse(defaults), defaults);
      for (const [key, field] of Object.entries(schema.shape))
        assert.ok(field.description && field.description.length > 10, `${name}.${key} has a description`);
      assert.doesNotThrow(() => STRATEGIES[name].plan(16, {}, true, 0));
    });
  }

  test('plan() fills the declared defaults', () => {
    assert.deepEqual(STRATEGIES.beam.plan(16, {}, true, 0).params, { width: 4, n: 16, kept: 4, maxRounds: 40 });
    assert.deepEqual(STRATEGIES.lookahead.plan(9, {}, true, 0).params, { width: 3, k: 2, paths: 3, n: 3, maxRounds: 40 });
    assert.deepEqual(STRATEGIES.majority.plan(8, {}, false, 2).params, { n: 10 });
    const revisions = STRATEGIES.revisions.plan(8, {}, false, 0).params;
    assert.deepEqual(revisions, {
      length: 4,
      acceptance: DEFAULT_SETTINGS.revisions.acceptance,
      temperature: DEFAULT_SETTINGS.revisions.temperature,
      chains: 2,
      selection: 'majority',
    });
  });

  test('plan() rejects parameters its strategy does not declare, and values out of range', () => {
    assert.throws(() => STRATEGIES.beam.plan(16, { k: 2 }, true, 0), {
      message: 'invalid parameters: beam: unknown parameter "k" (known: width)',
    });
    assert.throws(() => STRATEGIES.majority.plan(16, { n: 3 }, true, 0), {
      message: 'invalid parameters: majority: unknown parameter "n" (known: settle, gainBelow)',
    });
    assert.throws(() => STRATEGIES.revisions.plan(16, { temperature: 0 }, true, 0), {
      message: 'invalid parameters: revisions.temperature must be a number > 0; got 0',
    });
    assert.throws(() => STRATEGIES.lookahead.plan(16, { width: '4' }, true, 0), {
      message: 'invalid parameters: lookahead.width must be an integer >= 2; got "4"',
    });
  });
});
