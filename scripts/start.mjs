// `npm start`: Ponder in a real VS Code workbench. Starts `ponder sim` over MATH-500 (unless
// PONDER_POLICY_URL points at a real endpoint), then code-server on 127.0.0.1 with this repository's
// extension loaded and the sample workspace, and prints the URL to open. Ctrl-C stops everything.
// Options: --port N (code-server's port, default 8080).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const cache = join(root, '.cache', 'start');
const codeServerBin =
  process.env.PONDER_CODE_SERVER ??
  join(process.env.PONDER_CODE_SERVER_DIR ?? join(root, '.cache', 'code-server'), 'node_modules', '.bin', 'code-server');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
const children = [];

function fail(message) {
  console.error(`npm start: ${message}`);
  stop(1);
}

function stop(code = 0) {
  for (const child of children.reverse()) {
    // Each child leads its own process group (detached), so its own children (the language server) end too.
    try {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/** Spawns a process in its own group; resolves with the first stdout line matching `ready`. */
function startProcess(name, command, args, ready, env = process.env) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  children.push(child);
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output += line + '\n';
      const match = ready.exec(line);
      if (match) resolve(match);
    });
    child.on('exit', (code) => fail(`${name} exited (code ${code}):\n${output}`));
  });
}

if (!existsSync(codeServerBin)) fail(`code-server is not installed (${codeServerBin}). Run scripts/setup.sh first.`);
for (const file of ['dist/extension.js', 'dist/server.js', 'dist/webview.js', 'dist/cli.js']) {
  if (!existsSync(join(root, file))) fail(`${file} is missing; run "npm run build" (npm start does).`);
}

// 1. The endpoints: the simulator, unless real ones are given in the environment.
const ponderSettings = {};
if (process.env.PONDER_POLICY_URL) {
  ponderSettings['ponder.policy.url'] = process.env.PONDER_POLICY_URL;
  if (process.env.PONDER_POLICY_MODEL) ponderSettings['ponder.policy.model'] = process.env.PONDER_POLICY_MODEL;
  if (process.env.PONDER_VERIFIER_KIND) ponderSettings['ponder.verifier.kind'] = process.env.PONDER_VERIFIER_KIND;
  if (process.env.PONDER_VERIFIER_URL) ponderSettings['ponder.verifier.url'] = process.env.PONDER_VERIFIER_URL;
  if (process.env.PONDER_VERIFIER_MODEL) ponderSettings['ponder.verifier.model'] = process.env.PONDER_VERIFIER_MODEL;
  console.log(
    `Ponder will use the policy at ${process.env.PONDER_POLICY_URL} (API keys from PONDER_API_KEY / PONDER_VERIFIER_API_KEY, or "Ponder: Set API Key...").`,
  );
} else {
  const problems = join(root, '..', 'shared', 'data', 'math500.jsonl');
  const simArgs = [
    join(root, 'dist', 'cli.js'),
    'sim',
    '--port',
    '0',
    '--ttft-ms',
    '120',
    '--tokens-per-second',
    '150',
    '--capacity',
    '32',
  ];
  if (existsSync(problems)) simArgs.push('--problems', problems);
  const [simUrl] = await startProcess('ponder sim', process.execPath, simArgs, /^http:\/\/\S+\/v1$/);
  Object.assign(ponderSettings, {
    'ponder.policy.url': simUrl,
    'ponder.verifier.kind': 'vllm-pooling',
    'ponder.verifier.url': simUrl.replace(/\/v1$/, ''),
    'ponder.verifier.model': 'ponder-sim-prm',
  });
  console.log(`ponder sim (a simulated model and verifier, not a real model) is serving ${simUrl}`);
}

// 2. User settings (kept between runs; Ponder's endpoint settings rewritten each time) and the workspace.
const userDataDir = join(cache, 'user-data');
const settingsFile = join(userDataDir, 'User', 'settings.json');
mkdirSync(dirname(settingsFile), { recursive: true });
let previous = {};
try {
  previous = JSON.parse(readFileSync(settingsFile, 'utf8'));
} catch {
  // first run, or a file with comments: start afresh
}
writeFileSync(
  settingsFile,
  JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', ...previous, ...ponderSettings }, null, 2),
);
const workspace = join(cache, 'workspace');
if (!existsSync(workspace)) cpSync(join(root, 'samples'), workspace, { recursive: true });
const config = join(cache, 'code-server.yaml');
writeFileSync(config, '');

// 3. code-server on loopback, with this repository as the extension under development.
const args = [
  '--config',
  config,
  '--bind-addr',
  `127.0.0.1:${port}`,
  '--auth',
  'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--user-data-dir',
  userDataDir,
  '--extensions-dir',
  join(cache, 'extensions'),
];
const [, serverUrl] = await startProcess('code-server', codeServerBin, args, /HTTP server listening on (http:\/\/\S+?)\/?$/);
const url = new URL(serverUrl);
url.searchParams.set('folder', workspace);
url.searchParams.set('payload', JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${url.host}${root}`]]));
console.log(
  `\nPonder is ready. Open this URL in a browser:\n\n  ${url}\n\nOpen algebra.ponder, put the cursor in a problem and press Ctrl+Alt+Enter. Ctrl-C stops everything.`,
);
