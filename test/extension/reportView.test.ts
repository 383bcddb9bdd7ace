// The evaluation report's page, in Node: report.md's Markdown rendered by markdown-it, raw HTML and
// unsafe links inert, plots as <img> of .svg files inside the report's folder only, under a CSP with
// no script and images from the webview only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { staticPageCsp } from '../../src/shared/panelHtml';
import { plotPath, reportBody, reportPageHtml } from '../../src/extension/reportView';

const CSP_SOURCE = "'self' https://*.vscode-cdn.net";
const HOSTILE_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>parent.document.title = "pwned"</script><text>x</text></svg>';
let root: string;
let folder: string;
const uri = (path: string) => `https://file+.vscode-resource.vscode-cdn.net${path}`;
const render = (markdown: string) => reportBody(folder, markdown, uri);

before(() => {
  // root/outside.svg, root/eval/plots/{accuracy.svg, hostile.svg, chart.png, escape.svg -> ../../outside.svg}
  root = mkdtempSync(join(tmpdir(), 'ponder-report-'));
  folder = join(root, 'eval');
  mkdirSync(join(folder, 'plots'), { recursive: true });
  writeFileSync(join(root, 'outside.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(folder, 'plots', 'accuracy.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><text>majority</text></svg>');
  writeFileSync(join(folder, 'plots', 'hostile.svg'), HOSTILE_SVG);
  writeFileSync(join(folder, 'plots', 'chart.png'), 'not really a png');
  symlinkSync(join(root, 'outside.svg'), join(folder, 'plots', 'escape.svg'));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('evaluation report page', () => {
  it('renders the Markdown report.md uses: headings, tables, lists, code and bold', () => {
    const table = ['| strategy | 1 | 4 |', '| --- | ---: | ---: |', '| `majority` | **40.0%** | 55.0% |'];
    const html = render(
      ['# Evaluation', '', '## Accuracy', '', ...table, '', '- one', '- two', '', '```', 'ponder eval --out DIR', '```'].join('\n'),
    );
    assert.match(html, /<h1>Evaluation<\/h1>\n<h2>Accuracy<\/h2>/);
    assert.match(html, /<table>\n<thead>\n<tr>\n<th>strategy<\/th>\n<th class="align-right">1<\/th>/);
    assert.match(html, /<td><code>majority<\/code><\/td>\n<td class="align-right"><strong>40\.0%<\/strong><\/td>/);
    assert.match(html, /<ul>\n<li>one<\/li>\n<li>two<\/li>\n<\/ul>/);
    assert.match(html, /<pre><code>ponder eval --out DIR\n<\/code><\/pre>/);
    // The CSP allows no style attribute: a column's alignment is a class.
    assert.doesNotMatch(html, /style=/);
  });

  it('shows raw HTML as text', () => {
    const html = render('<script>document.title = "pwned"</script>\n\nA <img src=x onerror="alert(1)"> and <b>bold</b>.');
    assert.doesNotMatch(html, /<script|<img|<b>/);
    assert.match(html, /&lt;script&gt;document.title = &quot;pwned&quot;&lt;\/script&gt;/);
    assert.match(html, /A &lt;img src=x onerror=&quot;alert\(1\)&quot;&gt; and &lt;b&gt;bold&lt;\/b&gt;\./);
  });

  it('renders safe links and leaves javascript:, vbscript: and data: links as text', () => {
    const html = render(
      '[docs](https://example.com/a) [x](javascript:alert(1)) [y](vbscript:msgbox) [z](data:text/html;base64,PHNjcmlwdD4=)',
    );
    assert.equal((html.match(/<a /g) ?? []).length, 1);
    assert.match(html, /<a href="https:\/\/example\.com\/a">docs<\/a>/);
    assert.match(html, /\[x\]\(javascript:alert\(1\)\)/);
    assert.doesNotMatch(html, /href="(javascript|vbscript|data):/);
  });

  it('shows a plot of the folder as an <img> in a <figure>, from the webview URI of its file', () => {
    const html = render('![Accuracy against budget](plots/accuracy.svg)');
    assert.equal(
      html,
      `<figure data-plot="plots/accuracy.svg"><img src="${uri(join(folder, 'plots', 'accuracy.svg'))}" alt="Accuracy against budget"><figcaption>Accuracy against budget</figcaption></figure>\n`,
    );
    // An SVG with a script is shown the same way: as an image, its markup never enters the page.
    const hostile = render('![hostile](plots/hostile.svg)');
    assert.match(hostile, /<img src="[^"]+\/plots\/hostile\.svg" alt="hostile">/);
    assert.doesNotMatch(hostile, /<svg|<script|pwned/);
  });

  it('refuses images outside the folder, through a link, remote, missing or not .svg', () => {
    const refused = {
      'parent folder': '../outside.svg',
      'encoded parent folder': '..%2Foutside.svg',
      'absolute path': join(root, 'outside.svg'),
      'symbolic link out': 'plots/escape.svg',
      remote: 'https://example.com/plot.svg',
      missing: 'plots/none.svg',
      png: 'plots/chart.png',
    };
    for (const [alt, target] of Object.entries(refused)) {
      assert.equal(plotPath(folder, target), undefined, target);
      assert.equal(render(`![${alt}](${target})`), `<p>[missing plot: ${alt}]</p>\n`, target);
    }
    // markdown-it's link validation already leaves a file: image as text.
    const fileUrl = `file://${join(folder, 'plots', 'accuracy.svg')}`;
    assert.equal(plotPath(folder, fileUrl), undefined);
    assert.equal(render(`![file URL](${fileUrl})`), `<p>![file URL](${fileUrl})</p>\n`);
    assert.equal(plotPath(folder, 'plots/accuracy.svg'), join(folder, 'plots', 'accuracy.svg'));
    // An image inside a sentence is resolved the same way, without a figure.
    assert.equal(
      render('See ![a](plots/accuracy.svg) and ![b](../outside.svg).'),
      `<p>See <img src="${uri(join(folder, 'plots', 'accuracy.svg'))}" alt="a"> and [missing plot: b].</p>\n`,
    );
  });

  it('is a page with no script, images from the webview only, and the escaped report', () => {
    const markdown = '# Report\n\n<script>alert(1)</script>\n\n![acc](plots/accuracy.svg)';
    const page = reportPageHtml({ cspSource: CSP_SOURCE, styleUri: uri('/ext/media/report.css'), folder, markdown, plotUri: uri });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
      .exec(page)?.[1]
      .replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    assert.equal(csp, `default-src 'none'; style-src ${CSP_SOURCE}; img-src ${CSP_SOURCE}`);
    assert.doesNotMatch(page, /<script|\son[a-z]+=|script-src/i);
    assert.match(page, /<main class="report" data-testid="evaluation-report">\n<h1>Report<\/h1>/);
    assert.match(page, /<figure data-plot="plots\/accuracy\.svg"><img src="https:/);
    // Check Endpoints, the other static page, still loads no images.
    assert.equal(staticPageCsp(CSP_SOURCE), `default-src 'none'; style-src ${CSP_SOURCE}`);
  });
});
