// Runs every test file (test/**/*.test.ts) with Node's built-in runner, TypeScript loaded through tsx.
// Usage: node scripts/test.mjs [folder-or-file ...]   e.g. node scripts/test.mjs test/sim
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];

function collect(path, out) {
  const stat = statSync(path);
  if (stat.isFile()) {
    if (path.endsWith('.test.ts')) out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    collect(join(path, name), out);
  }
  return out;
}

const files = roots.flatMap((r) => collect(join(root, r), [])).map((f) => relative(root, f));
if (files.length === 0) {
  console.error('test: no test files found under ' + roots.join(', '));
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PONDER_TEST: '1' },
});
process.exit(result.status ?? 1);
