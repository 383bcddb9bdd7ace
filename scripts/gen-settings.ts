// `npm run gen:settings`: writes package.json's `contributes.configuration.properties` and the README's
// settings table from the settings schema (src/shared/settingsSchema.ts), and policies/policy.schema.json
// from the policy file's schema (src/core/router/schema.ts, which takes each strategy's parameters). Run it
// after editing either schema or a strategy's parameters.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyJsonSchema } from '../src/core/router/schema';
import { packageJsonWithSettings, readmeWithSettings } from './settingsDocs';

const root = join(__dirname, '..');
for (const [file, generate] of [
  ['package.json', packageJsonWithSettings],
  ['README.md', readmeWithSettings],
  ['policies/policy.schema.json', () => JSON.stringify(policyJsonSchema(), null, 2) + '\n'],
] as const) {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = generate(before);
  if (after !== before) writeFileSync(path, after);
  console.log(`${file}: ${after === before ? 'already up to date' : 'updated'}`);
}
