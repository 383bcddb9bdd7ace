// ESLint (flat config): typescript-eslint's recommended rules (syntax only, no type information, so
// `npm run lint` stays fast) and the import boundaries between Ponder's layers, one block per folder of
// src/ (test/lint/boundaries.test.ts shows each boundary failing on a deliberately bad file).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const LAYERS = ['core', 'shared', 'server', 'extension', 'webview', 'cli', 'eval', 'sim', 'serve'];

/** A relative import into another top-level folder of src/ (`../core/x`, `../../core/x`, ...). */
function layer(name, why) {
  return { regex: `^(\\.\\./)+${name}(/|$)`, message: why };
}

const VSCODE = { name: 'vscode', message: 'Only src/extension runs in the extension host; the other layers have no `vscode` module.' };
const LANGUAGE_SERVER = ['vscode-languageserver', 'vscode-languageserver/node'].map((name) => ({
  name,
  message: 'Only src/server is the language server.',
}));
const LANGUAGE_CLIENT = ['vscode-languageclient', 'vscode-languageclient/node'].map((name) => ({
  name,
  message: 'Only src/extension is the language client.',
}));
const BROWSER = 'src/shared and src/webview also run in the browser: no Node modules (pass the data in instead).';
const NODE_BUILTINS = builtinModules.map((name) => ({ name, message: BROWSER }));
const NODE_PREFIXED = { group: ['node:*'], message: BROWSER };

/** One `no-restricted-imports` block per layer: a later block for the same file would replace it, not add to it. */
function boundary(name, { paths = [], patterns = [] }) {
  if (!LAYERS.includes(name)) throw new Error(`eslint.config.mjs: unknown layer ${name}`);
  return {
    name: `ponder/boundaries/${name}`,
    files: [`src/${name}/**/*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
  };
}

const ENGINE_ONLY = 'the engine (src/core) is reached through src/server (LSP) from the extension';

export default defineConfig(
  {
    name: 'ponder/ignores',
    ignores: ['dist/**', 'out/**', 'media/**', '.cache/**', '.test-artifacts/**', '.eval/**', '.figures/**', '.vscode-test/**', '.ci/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'ponder/tuning',
    rules: {
      // `_`-prefixed parameters and destructured leftovers are deliberate (interface conformance, omitting keys).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Control characters in regexes are deliberate: the grader repairs LaTeX escapes that JSON turned into \b, \f..., tests match ANSI codes.
      'no-control-regex': 'off',
    },
  },
  {
    name: 'ponder/node-scripts',
    files: ['**/*.mjs'],
    // Node scripts are not typechecked: their globals are whatever this Node process has.
    languageOptions: { globals: Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly'])) },
  },

  // The engine: pure TypeScript, used by the server, the CLI, the evaluation and the simulator.
  boundary('core', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT],
    patterns: [
      layer('server', 'src/core is the engine: the language server uses it, not the other way round.'),
      layer('extension', 'src/core knows nothing of VS Code.'),
      layer('webview', 'src/core runs in Node: no DOM code.'),
      layer('cli', 'src/core is used by the CLI, not the other way round.'),
      layer('eval', 'src/core is used by the evaluation, not the other way round.'),
      layer('sim', 'src/core talks to endpoints over HTTP; the simulator is one of them, never imported.'),
    ],
  }),
  // The contracts: every side imports them, so they import nothing of ours and run anywhere.
  boundary('shared', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT, ...NODE_BUILTINS],
    patterns: [
      NODE_PREFIXED,
      ...LAYERS.filter((name) => name !== 'shared').map((name) =>
        layer(name, 'src/shared holds the contracts: it imports nothing of ours outside src/shared.'),
      ),
    ],
  }),
  // The language server: maps LSP requests onto the engine.
  boundary('server', {
    paths: [VSCODE, ...LANGUAGE_CLIENT],
    patterns: [
      layer('extension', 'The language server talks to the extension over LSP only (contracts in src/shared/protocol.ts).'),
      layer('webview', 'The language server has no DOM; the panel gets its data through the extension.'),
      layer('cli', 'The CLI and the language server are two front ends of src/core; share code through src/core or src/shared.'),
      layer('eval', 'The evaluation is a CLI tool; the language server does not use it.'),
      layer('sim', 'The simulator is an endpoint reached over HTTP, never imported by the server.'),
    ],
  }),
  // The extension: thin, talks to the server over LSP and to the webview with messages.
  boundary('extension', {
    paths: [...LANGUAGE_SERVER],
    patterns: [
      layer('core', `No strategy logic in the extension: ${ENGINE_ONLY}.`),
      layer('eval', 'src/eval is the CLI evaluation (Node, vega); the extension must not bundle it. Move what both need to src/shared.'),
      layer('server', 'The extension talks to the language server over LSP only (contracts in src/shared/protocol.ts).'),
      layer('webview', 'The webview is a separate bundle that runs in the browser; talk to it with src/shared/messages.ts.'),
      layer('cli', 'The CLI is a separate program; share code through src/shared.'),
      layer('sim', 'The simulator is an endpoint reached over HTTP, never imported by the extension.'),
    ],
  }),
  // The panel's browser code: renders the run model from src/shared.
  boundary('webview', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT, ...NODE_BUILTINS],
    patterns: [
      NODE_PREFIXED,
      layer('core', `The webview renders events (src/shared/runModel.ts): ${ENGINE_ONLY}.`),
      layer('server', 'The webview gets its data as messages from the extension (src/shared/messages.ts).'),
      layer('extension', 'The webview runs in the browser; talk to the extension with src/shared/messages.ts.'),
      layer('cli', 'The webview runs in the browser and cannot use the CLI.'),
      layer('eval', 'The webview runs in the browser and cannot use the evaluation (Node).'),
      layer('sim', 'The webview runs in the browser and cannot use the simulator (Node).'),
    ],
  }),
  // The `ponder` command line: a front end of the engine, the evaluation and the simulator.
  boundary('cli', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT],
    patterns: [
      layer('server', 'The CLI calls src/core directly; the language server is another front end.'),
      layer('extension', 'The CLI runs outside VS Code.'),
      layer('webview', 'The CLI runs in Node: no DOM code.'),
    ],
  }),
  // The evaluation harness: runs the engine over datasets and writes reports.
  boundary('eval', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT],
    patterns: [
      layer('server', 'The evaluation calls src/core directly, not the language server.'),
      layer('extension', 'The evaluation runs outside VS Code.'),
      layer('webview', 'The evaluation runs in Node: no DOM code.'),
      layer('cli', 'The CLI uses the evaluation, not the other way round.'),
      layer('sim', 'The evaluation reaches endpoints (real or simulated) over HTTP only.'),
    ],
  }),
  // `ponder serve`: the engine behind an OpenAI-compatible endpoint (reuses the simulator's generic HTTP helpers).
  boundary('serve', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT],
    patterns: [
      layer('server', 'ponder serve calls src/core directly; the language server is another front end.'),
      layer('extension', 'ponder serve runs outside VS Code.'),
      layer('webview', 'ponder serve runs in Node: no DOM code.'),
      layer('cli', 'The CLI starts ponder serve, not the other way round.'),
      layer('eval', 'ponder serve does not run evaluations.'),
    ],
  }),
  // The simulated endpoints: an HTTP server that may reuse the engine's parsing helpers.
  boundary('sim', {
    paths: [VSCODE, ...LANGUAGE_SERVER, ...LANGUAGE_CLIENT],
    patterns: [
      layer('server', 'The simulator is an HTTP endpoint; it does not use the language server.'),
      layer('extension', 'The simulator runs outside VS Code.'),
      layer('webview', 'The simulator runs in Node: no DOM code.'),
      layer('cli', 'The CLI starts the simulator, not the other way round.'),
      layer('eval', 'The evaluation may run against the simulator, not the other way round.'),
    ],
  }),
);
