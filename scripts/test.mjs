// Runs every test file (test/**/*.test.ts) with Node's built-in runner, TypeScript loaded through tsx.
// Usage: node scripts/test.mjs [--fast] [folder-or-file ...]   e.g. node scripts/test.mjs test/sim
// `--fast` (npm run test:fast) leaves out the slow files below: the unit and protocol tests, for everyday
// work. `npm test` runs everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');

/** What `--fast` leaves out (a folder stands for every file under it), each with why it is slow; "loaded cores": both cores busy. */
const SLOW = {
  'test/e2e': 'the real workbench: code-server and Chromium, minutes per suite',
  'test/engine/accuracy.test.ts': 'accuracy of every strategy over MATH-500 on the simulator (24 minutes on loaded cores)',
  'test/engine/budget.test.ts': 'every strategy at 8 budgets, without and with faults such as 6 s stalls (17 minutes on loaded cores)',
  'test/eval/calibrate-variants.test.ts': 'strategy variants through `ponder eval` and `ponder calibrate` (21 s on loaded cores)',
  'test/eval/eval.test.ts': '`ponder eval` and `ponder calibrate` end to end (80 s on loaded cores)',
  'test/eval/replay-eval.test.ts': 'ponder eval in strict replay over the real beams and samples (100 s on loaded cores)',
  'test/eval/replay.test.ts': 'evaluations over recorded real samples and ProcessBench (80 s on loaded cores)',
  'test/eval/reproducible.test.ts': 'the same evaluation run twice, and against a stronger simulator (52 s on loaded cores)',
  'test/eval/seeds.test.ts': '`ponder eval --seeds` pooled over three seeds (40 s on loaded cores)',
  'test/eval/resume.test.ts': 'an evaluation interrupted with Ctrl-C and resumed (28 s on loaded cores)',
  'test/grading/determinism.test.ts': 'the hard set graded three times, once with every core saturated on purpose (39 s)',
  'test/reasoning/strategies.test.ts': 'every strategy at three budgets against a reasoning simulator in each thinking shape (30 s)',
  'test/servers/emulations.test.ts': 'every strategy at three budgets against each server emulation and chat template',
  'test/servers/findings.test.ts': 'one real-servers finding per test, each against a server emulation',
  'test/servers/llamacpp.test.ts': "llama.cpp's real llama-server, started three times",
  'test/webview/panel.chromium.test.ts': 'the panel in Chromium: recorded runs replayed, screenshots in three themes',
  'test/webview/safety.chromium.test.ts': 'renders 1,000 real ProcessBench solutions in Chromium',
  'test/webview/thinking.chromium.test.ts': 'starts Chromium and streams 256 thinking candidates',
  'test/webview/workarounds.chromium.test.ts': 'starts Chromium for one notice (its logic is in workarounds.test.ts)',
};

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const paths = args.filter((a) => a !== '--fast');
const roots = paths.length ? paths : ['test'];

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

/** Whether `file` (relative to the root) is one of SLOW or under one of its folders. */
function isSlow(file) {
  return Object.keys(SLOW).some((slow) => file === join(slow) || file.startsWith(join(slow) + sep));
}

if (fast) {
  // A renamed or removed slow file would otherwise drop out of this list unnoticed.
  const stale = Object.keys(SLOW).filter((slow) => !existsSync(join(root, slow)));
  if (stale.length) {
    console.error(`test: scripts/test.mjs lists slow tests that do not exist: ${stale.join(', ')}; update its SLOW list`);
    process.exit(1);
  }
}
const files = roots
  .flatMap((r) => collect(join(root, r), []))
  .map((f) => relative(root, f))
  .filter((f) => !fast || !isSlow(f));
if (files.length === 0) {
  console.error('test: no test files found under ' + roots.join(', ') + (fast ? ' (--fast leaves out the slow ones)' : ''));
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PONDER_TEST: '1' },
});
process.exit(result.status ?? 1);
