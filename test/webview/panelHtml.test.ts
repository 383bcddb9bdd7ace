// The panel's HTML: production CSP, one nonce'd external script, escaped initial state, no inline code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPanelHtml, escapeHtml, INITIAL_STATE_ATTRIBUTE, panelCsp } from '../../src/shared/panelHtml';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'q1w2e3r4t5y6u7i8o9p0AA==',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css'],
  katexCssUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/katex/katex.min.css',
};

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe('panel HTML', () => {
  it('has exactly the production CSP', () => {
    assert.equal(
      panelCsp(base.cspSource, base.nonce),
      `default-src 'none'; script-src 'nonce-${base.nonce}'; style-src ${base.cspSource}; font-src ${base.cspSource}; img-src ${base.cspSource} data:`,
    );
    const html = buildPanelHtml(base);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(meta);
    assert.equal(unescapeHtml(meta[1]), panelCsp(base.cspSource, base.nonce));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads one external script with the nonce and has no inline script, handler or style attribute', () => {
    const html = buildPanelHtml(base);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${base.nonce.replace(/[+/=]/g, (c) => '\\' + c)}"`));
    assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.equal(scripts[0][2].trim(), '');
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /\sstyle=/i);
    assert.doesNotMatch(html, /<style/i);
    // KaTeX's CSS first, ours after it, so ours can override.
    assert.ok(html.indexOf(base.katexCssUri) < html.indexOf(base.styleUris[0]));
  });

  it('embeds the initial state as escaped JSON in a data attribute that round-trips', () => {
    const initialState = {
      config: { lowScoreThreshold: 0.3 },
      runs: [{ header: { runId: 'r1', problem: `"><script>alert(1)</script> & 'x' \u2028 $\\frac{1}{2}$` }, events: [] }],
    };
    const html = buildPanelHtml({ ...base, initialState });
    const match = new RegExp(`${INITIAL_STATE_ATTRIBUTE}="([^"]*)"`).exec(html);
    assert.ok(match, 'attribute present');
    assert.doesNotMatch(match[1], /[<>'"]/);
    assert.deepEqual(JSON.parse(unescapeHtml(match[1])), initialState);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.equal(buildPanelHtml(base).includes(INITIAL_STATE_ATTRIBUTE), false);
  });

  it('refuses a nonce or CSP source that could widen the policy', () => {
    assert.throws(() => panelCsp(base.cspSource, 'short'), /nonce/);
    assert.throws(() => panelCsp(base.cspSource, "abcdefghijklmnopqrst' 'unsafe-inline"), /nonce/);
    assert.throws(() => panelCsp("https://a; script-src 'unsafe-inline'", base.nonce), /cspSource/);
    assert.throws(() => panelCsp("https://a 'unsafe-inline'", base.nonce), /cspSource/);
    // What code-server 4.100 (VS Code 1.100) really passes as webview.cspSource.
    assert.doesNotThrow(() => panelCsp("'self' https://*.vscode-cdn.net", base.nonce));
  });

  it('escapes URIs and the title', () => {
    const html = buildPanelHtml({ ...base, scriptUri: 'https://x/a"b.js', title: '<b>' });
    assert.match(html, /src="https:\/\/x\/a&#34;b\.js"/);
    assert.match(html, /<title>&#60;b&#62;<\/title>/);
    assert.equal(escapeHtml(`&<>"'`), '&#38;&#60;&#62;&#34;&#39;');
  });
});
