// Splitting model text into prose and formulas (pure; the DOM rendering is tested in Chromium).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proseRuns, splitMath } from '../../src/webview/mathText';

const kinds = (text: string) =>
  splitMath(text).map((s) => (s.kind === 'text' ? ['text', s.text] : [s.display ? 'display' : 'inline', s.tex]));

describe('math text', () => {
  it('finds inline, display, bracket and environment math', () => {
    assert.deepEqual(kinds('So $x^2$ and $$y$$ and \\(z\\) and \\[w\\].'), [
      ['text', 'So '],
      ['inline', 'x^2'],
      ['text', ' and '],
      ['display', 'y'],
      ['text', ' and '],
      ['inline', 'z'],
      ['text', ' and '],
      ['display', 'w'],
      ['text', '.'],
    ]);
    assert.deepEqual(kinds('Then \\begin{align*} a &= b \\end{align*} ok'), [
      ['text', 'Then '],
      ['display', '\\begin{align*} a &= b \\end{align*}'],
      ['text', ' ok'],
    ]);
  });

  it('renders a bare \\boxed{} with nested braces as math', () => {
    assert.deepEqual(kinds('Answer: \\boxed{\\frac{1}{2}}.'), [
      ['text', 'Answer: '],
      ['inline', '\\boxed{\\frac{1}{2}}'],
      ['text', '.'],
    ]);
  });

  it('leaves unclosed delimiters, escaped dollars and empty math as prose', () => {
    assert.deepEqual(kinds('cost \\$5 and $x + '), [['text', 'cost $5 and $x + ']]);
    assert.deepEqual(kinds('a $$ b'), [['text', 'a $$ b']]);
    assert.deepEqual(kinds('\\boxed{3'), [['text', '\\boxed{3']]);
    assert.deepEqual(kinds('\\begin{document} x'), [['text', '\\begin{document} x']]);
  });

  it('keeps markup in model text as literal prose', () => {
    assert.deepEqual(kinds('<img src=x onerror=alert(1)></script>'), [['text', '<img src=x onerror=alert(1)></script>']]);
  });

  it('turns heading lines and **bold** into strong runs', () => {
    assert.deepEqual(proseRuns('## Step 1: Add\nWe **add** it ** here'), [
      { text: 'Step 1: Add', strong: true },
      { text: '\n', strong: false },
      { text: 'We ', strong: false },
      { text: 'add', strong: true },
      { text: ' it ** here', strong: false },
    ]);
  });
});
