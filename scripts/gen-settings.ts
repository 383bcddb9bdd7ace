// `npm run gen:settings`: writes package.json's `contributes.configuration.properties` and the README's
// settings table from the settings schema (src/shared/settingsSchema.ts). Run it after editing the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJsonWithSettings, readmeWithSettings } from './settingsDocs';

const root = join(__dirname, '..');
for (const [file, generate] of [
  ['package.json', packageJsonWithSettings],
  ['README.md', readmeWithSettings],
] as const) {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = generate(before);
  if (after !== before) writeFileSync(path, after);
  console.log(`${file}: ${after === before ? 'already up to date' : 'updated'}`);
}
