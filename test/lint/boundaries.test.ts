// The import boundaries of eslint.config.mjs, shown failing: each deliberately bad file below is linted
// as if it sat in the layer it names, and must be reported by the boundary rule on the bad line; the good
// files use every edge the layering allows and must lint clean. (`npm run lint` checks the real tree.)
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';
const eslint = new ESLint({ cwd: ROOT });

async function lint(filePath: string, code: string): Promise<ESLint.LintResult> {
  const [result] = await eslint.lintText(code, { filePath });
  return result;
}

interface Bad {
  why: string;
  file: string;
  /** The offending import; the second line of the file, after an allowed one. */
  spec: string;
}

const BAD: Bad[] = [
  { why: 'core imports vscode', file: 'src/core/__bad__.ts', spec: 'vscode' },
  { why: 'core imports the server', file: 'src/core/__bad__.ts', spec: '../server/runs' },
  { why: 'core (in a subfolder) imports the extension', file: 'src/core/strategies/__bad__.ts', spec: '../../extension/config' },
  { why: 'core imports the webview (DOM code)', file: 'src/core/__bad__.ts', spec: '../webview/dom' },
  { why: 'core imports the language server library', file: 'src/core/__bad__.ts', spec: 'vscode-languageserver/node' },
  { why: 'shared imports core', file: 'src/shared/__bad__.ts', spec: '../core/limiter' },
  { why: 'shared imports a Node module', file: 'src/shared/__bad__.ts', spec: 'node:fs' },
  { why: 'shared imports a Node module without the node: prefix', file: 'src/shared/__bad__.ts', spec: 'path' },
  { why: 'shared imports vscode', file: 'src/shared/__bad__.ts', spec: 'vscode' },
  { why: 'webview imports core', file: 'src/webview/__bad__.ts', spec: '../core/voting' },
  { why: 'webview (in a subfolder) imports the server', file: 'src/webview/views/__bad__.ts', spec: '../../server/status' },
  { why: 'webview imports the extension', file: 'src/webview/__bad__.ts', spec: '../extension/panel' },
  { why: 'webview imports a Node module', file: 'src/webview/__bad__.ts', spec: 'node:crypto' },
  { why: 'extension imports eval', file: 'src/extension/__bad__.ts', spec: '../eval/report' },
  { why: 'extension imports core', file: 'src/extension/__bad__.ts', spec: '../core/solve' },
  { why: 'extension imports the server', file: 'src/extension/__bad__.ts', spec: '../server/runs' },
  { why: 'server imports the extension', file: 'src/server/__bad__.ts', spec: '../extension/client' },
  { why: 'server imports the webview', file: 'src/server/__bad__.ts', spec: '../webview/app' },
  { why: 'server imports vscode', file: 'src/server/__bad__.ts', spec: 'vscode' },
  { why: 'cli imports the server', file: 'src/cli/commands/__bad__.ts', spec: '../../server/runs' },
  { why: 'eval imports the cli', file: 'src/eval/__bad__.ts', spec: '../cli/settings' },
  { why: 'eval imports the simulator', file: 'src/eval/__bad__.ts', spec: '../sim/server' },
  { why: 'sim imports eval', file: 'src/sim/routes/__bad__.ts', spec: '../../eval/bins' },
];

/** What each layer may import: these must lint clean (the rules are not broader than the layering). */
const GOOD: Record<string, string[]> = {
  'src/core/strategies/__good__.ts': ['zod', 'openai', 'node:fs', '../../shared/events', '../budget', './registry'],
  'src/shared/__good__.ts': ['zod', 'vscode-languageserver-protocol', './events'],
  'src/server/__good__.ts': ['vscode-languageserver/node', 'node:crypto', '../core/solve', '../shared/protocol'],
  'src/extension/__good__.ts': ['vscode', 'vscode-languageclient/node', 'node:path', '../shared/protocol', './notify'],
  'src/webview/views/__good__.ts': ['katex', '../../shared/runModel', '../dom'],
  'src/cli/commands/__good__.ts': ['node:fs', '../../core/solve', '../../eval/evaluate', '../../sim/server', '../../shared/settings'],
  'src/eval/__good__.ts': ['vega-lite', 'node:path', '../core/solve', '../shared/events'],
  'src/sim/routes/__good__.ts': ['node:http', '../../core/jsonl', '../../shared/seededRandom'],
};

/** A file that uses every import, so that only the boundary rule can object to it. */
function source(specs: string[]): string {
  const imports = specs.map((spec, i) => `import * as m${i} from '${spec}';`);
  return `${imports.join('\n')}\nexport const used = [${specs.map((_, i) => `m${i}`).join(', ')}];\n`;
}

describe('import boundaries (eslint.config.mjs)', () => {
  for (const { why, file, spec } of BAD) {
    test(`rejects: ${why} (${spec})`, async () => {
      const result = await lint(file, source(['zod', spec]));
      const messages = result.messages.map((m) => ({ rule: m.ruleId, line: m.line }));
      assert.deepEqual(messages, [{ rule: RULE, line: 2 }], `${file} importing '${spec}': ${JSON.stringify(result.messages)}`);
      assert.equal(result.errorCount, 1);
    });
  }

  for (const [file, specs] of Object.entries(GOOD)) {
    test(`accepts what ${file.split('/')[1]} may import`, async () => {
      const result = await lint(file, source(specs));
      assert.deepEqual(result.messages, [], `${file}: ${JSON.stringify(result.messages)}`);
    });
  }

  test('every folder of src/ has its boundary rule', async () => {
    const layers = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory());
    assert.ok(layers.length >= 8, 'src/ lists its layers');
    for (const { name } of layers) {
      const config = (await eslint.calculateConfigForFile(`src/${name}/__any__.ts`)) as { rules?: Record<string, unknown> };
      assert.ok(config.rules?.[RULE], `src/${name} has no '${RULE}' block in eslint.config.mjs: add one for the new layer`);
    }
  });
});
