// The `ponder` TextMate grammar and its Markdown injection, tokenised by VS Code's own engine
// (vscode-textmate + vscode-oniguruma), on a .ponder file and on real model output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { realProblems } from './fixtures/recordedRuns';

const ROOT = join(__dirname, '..', '..');
const PONDER = join(ROOT, 'syntaxes', 'ponder.tmLanguage.json');
const INJECTION = join(ROOT, 'syntaxes', 'ponder-markdown.injection.tmLanguage.json');

/** A stand-in for VS Code's Markdown grammar: the host scope, and fenced code the injection must skip. */
const MARKDOWN_STUB = {
  scopeName: 'text.html.markdown',
  patterns: [{ begin: '^```', end: '^```', name: 'markup.fenced_code.block.markdown' }],
};

let registry: textmate.Registry;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new oniguruma.OnigScanner(s),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.ponder') return textmate.parseRawGrammar(readFileSync(PONDER, 'utf8'), PONDER);
      if (scopeName === 'markdown.ponder.math') return textmate.parseRawGrammar(readFileSync(INJECTION, 'utf8'), INJECTION);
      if (scopeName === 'text.html.markdown') return textmate.parseRawGrammar(JSON.stringify(MARKDOWN_STUB), 'markdown.json');
      return null;
    },
    getInjections: (scopeName) => (scopeName === 'text.html.markdown' ? ['markdown.ponder.math'] : undefined),
  });
});

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} loads`);
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the first token whose text is exactly `text`. */
function scopesOf(lines: Token[][], text: string): string[] {
  const token = lines.flat().find((t) => t.text === text);
  assert.ok(token, `a token ${JSON.stringify(text)} in ${JSON.stringify(lines.flat().map((t) => t.text))}`);
  return token.scopes;
}

const SAMPLE = `# Problem 1
What is $\\frac{1}{2} + \\frac{1}{3}$? Give \\(x\\) and a price of $5.

## Solution
Step 1: Add the fractions:
\\[
\\frac{1}{2} + \\frac{1}{3} = \\frac{5}{6}
\\]

The final answer is $\\boxed{\\frac{5}{6}}$.

# Notes
Costs \\$3.`;

describe('ponder grammar', () => {
  it('scopes problem and solution headings, steps, math and the boxed answer', async () => {
    const lines = await tokenize('source.ponder', SAMPLE);
    assert.ok(scopesOf(lines, 'Problem 1').includes('entity.name.section.problem.ponder'));
    assert.ok(scopesOf(lines, 'Solution').includes('entity.name.section.solution.ponder'));
    assert.ok(scopesOf(lines, 'Notes').includes('entity.name.section.ponder'));
    assert.ok(scopesOf(lines, 'Step 1').includes('keyword.other.step.ponder'));
    assert.ok(scopesOf(lines, 'The final answer is').includes('keyword.other.answer.ponder'));
    assert.ok(
      lines[1].some((t) => t.text === 'frac' && t.scopes.includes('markup.math.inline.ponder')),
      'inline math',
    );
    assert.ok(scopesOf(lines, 'x').includes('markup.math.inline.ponder'));
    // Display math spans lines.
    assert.ok(lines[6].every((t) => t.scopes.includes('markup.math.block.ponder')));
    // The answer inside $...$: \boxed is marked, and its content (with nested braces) is the answer.
    const boxedLine = lines[9];
    assert.ok(boxedLine.find((t) => t.text === '\\boxed')!.scopes.includes('support.function.boxed.ponder'));
    const answer = boxedLine
      .filter((t) => t.scopes.includes('markup.bold.answer.ponder'))
      .map((t) => t.text)
      .join('');
    assert.equal(answer, '\\frac{5}{6}');
    assert.equal(boxedLine.at(-1)!.text, '.');
    assert.ok(!boxedLine.at(-1)!.scopes.includes('markup.math.inline.ponder'));
  });

  it('does not let a lone dollar (a price) swallow the following lines', async () => {
    const lines = await tokenize('source.ponder', SAMPLE);
    assert.ok(!lines[3].some((t) => t.scopes.some((s) => s.startsWith('markup.math'))), 'the Solution heading is not math');
    assert.ok(!lines[12].some((t) => t.scopes.some((s) => s.startsWith('markup.math'))), 'an escaped dollar is not math');
  });

  it('tokenises real model solutions and finds every boxed answer', async () => {
    const completions = realProblems()
      .slice(0, 20)
      .flatMap((p) => p.completions.slice(0, 5));
    let boxed = 0;
    let found = 0;
    for (const text of completions) {
      if (text.includes('\\boxed{')) boxed++;
      const lines = await tokenize('source.ponder', text);
      if (lines.flat().some((t) => t.scopes.includes('support.function.boxed.ponder'))) found++;
    }
    assert.ok(boxed > 50);
    assert.equal(found, boxed);
  });

  it('injects \\boxed{} and bracket math into Markdown, but not into fenced code', async () => {
    const markdown = 'Thus $x = 2$ and \\[y = \\boxed{3}\\] so \\boxed{4}.\n```\n\\boxed{5}\n```';
    const lines = await tokenize('text.html.markdown', markdown);
    assert.ok(scopesOf(lines, '\\[').includes('markup.math.block.ponder'));
    const boxedScopes = lines[0].filter((t) => t.text === '\\boxed').map((t) => t.scopes);
    assert.equal(boxedScopes.length, 2);
    for (const s of boxedScopes) assert.ok(s.includes('support.function.boxed.ponder'));
    assert.ok(!lines[2].some((t) => t.scopes.includes('support.function.boxed.ponder')), 'fenced code is left alone');
  });
});
