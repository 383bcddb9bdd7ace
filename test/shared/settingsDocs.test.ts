// package.json's `contributes.configuration` and the README's settings table agree with the settings
// schema (src/shared/settingsSchema.ts); when they do not, `npm run gen:settings` rewrites them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  README_END,
  README_START,
  manifestProperties,
  packageJsonWithSettings,
  readmeTable,
  readmeWithSettings,
} from '../../scripts/settingsDocs';
import { SETTINGS } from '../../src/shared/settings';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const RUN = 'differs from src/shared/settingsSchema.ts: run `npm run gen:settings`';

test('package.json contributes exactly the settings the schema generates', () => {
  const text = read('package.json');
  const properties = (JSON.parse(text) as { contributes: { configuration: { properties: unknown } } }).contributes.configuration.properties;
  assert.deepEqual(properties, manifestProperties(), `package.json's contributes.configuration.properties ${RUN}`);
  assert.equal(packageJsonWithSettings(text), text, `package.json (the order of its settings) ${RUN}`);
});

test('the generated manifest keeps VS Code’s vocabulary: types, defaults, scopes, orders, enum descriptions', () => {
  const properties = manifestProperties();
  assert.deepEqual(properties['ponder.policy.url'], {
    type: 'string',
    default: 'http://127.0.0.1:8000/v1',
    format: 'uri',
    scope: 'machine',
    order: 1,
    markdownDescription: SETTINGS[0].markdownDescription,
  });
  assert.equal(properties['ponder.budget.generations'].type, 'integer');
  assert.deepEqual([properties['ponder.budget.generations'].minimum, properties['ponder.budget.generations'].maximum], [1, 4096]);
  assert.equal(properties['ponder.revisions.temperature'].exclusiveMinimum, 0);
  assert.deepEqual(properties['ponder.verifier.kind'].enum, ['vllm-pooling', 'llm-judge', 'none']);
  assert.equal((properties['ponder.verifier.kind'].enumDescriptions as string[]).length, 3);
  assert.equal(properties['ponder.trace.server'].scope, 'window');
  assert.ok(!('maximum' in properties['ponder.budget.tokenCap']), 'no safe-integer bound leaks into the manifest');
});

test('the README’s settings table is the one the schema generates', () => {
  const text = read('README.md');
  assert.equal(readmeWithSettings(text), text, `README.md's settings table (between ${README_START} and ${README_END}) ${RUN}`);
  const table = readmeTable();
  for (const setting of SETTINGS)
    assert.ok(table.includes(`| \`${setting.key}\` | \`${setting.flag}\``) && table.includes(`\`${setting.env}\``), setting.key);
  assert.match(
    table,
    /\| `verifier\.kind` \| `--verifier-kind` \| `PONDER_VERIFIER_KIND` \| `vllm-pooling` \| `vllm-pooling`, `llm-judge`, `none` \|/,
  );
  assert.throws(() => readmeWithSettings('# no markers'), /put the two markers where the table goes/);
});
