// "Ponder: Open Evaluation Report" in the real workbench (code-server): a real `ponder eval` folder
// (3 MATH500 problems against ponder sim, with hostile content appended to its report.md) opened through
// the command palette and the folder dialog; the webview's DOM is checked against report.md and the
// plots (images of the folder's SVG files), under the script-free CSP, and nothing hostile runs.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { CLI, MATH500, ROOT } from '../helpers/sim';
import { findWebviewFrame, runCommand, screenshotOnFailure, waitForNotification, waitForPonder, waitForWorkbench } from './support/browser';
import { ARTIFACTS, startFixture, type Fixture } from './support/fixture';
import { openWorkbench } from './support/hostSuite';
import { markdownTables, pickFolderInDialog } from './support/report';
import { parseSvg } from '../eval/svg';

const EXTENSION_ID = 'ponder.ponder';
const STRATEGIES = ['majority', 'weighted-best-of-n'];
/** What a hostile script would do if it ran: in report.md as raw HTML, or inside an SVG plot. */
const PWNED = 'ponder-pwned';
const HOSTILE_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120">',
  `<script>parent.document.title = '${PWNED}'; document.title = '${PWNED}';</script>`,
  '<rect width="200" height="120" fill="#c00"/></svg>',
].join('');
/** Appended to the eval's report.md: raw HTML with a script, an SVG with a script, an image outside the folder. */
const HOSTILE_MARKDOWN = `
## Hostile

<script>document.title = '${PWNED}'</script>

<img src="x" onerror="document.title = '${PWNED}'">

![hostile](plots/hostile.svg)

![outside](../outside.svg)
`;

/** Runs `ponder eval` (the built CLI) against the sim into `out`; throws with its output if it fails. */
async function runEval(fx: Fixture, out: string): Promise<void> {
  const args = ['eval', '--dataset', MATH500, '--limit', '3', '--budgets', '1,4', '--strategies', STRATEGIES.join(','), '--out', out];
  const endpoints = ['--policy-url', fx.sim.url, '--verifier-url', fx.sim.origin, '--verifier-model', 'ponder-sim-prm'];
  const child = spawn(process.execPath, [CLI, ...args, ...endpoints], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, `ponder eval failed:\n${stderr}`);
}

describe('Ponder: Open Evaluation Report in the workbench (code-server)', { timeout: 10 * 60_000 }, () => {
  let fx: Fixture;
  let page: Page;
  let evalDir: string;
  /** Every message the browser logged about the Content Security Policy, from any frame. */
  const cspMessages: string[] = [];

  before(async () => {
    fx = await startFixture({ suites: [] });
    evalDir = join(fx.workspace, 'eval-report');
    await runEval(fx, evalDir);
    writeFileSync(join(evalDir, 'plots', 'hostile.svg'), HOSTILE_SVG);
    writeFileSync(join(fx.workspace, 'outside.svg'), HOSTILE_SVG);
    appendFileSync(join(evalDir, 'report.md'), HOSTILE_MARKDOWN);
    page = await openWorkbench({ browser: fx.browser, serverUrl: fx.codeServer.url, folder: fx.workspace, extensionDevelopmentPath: ROOT });
    page.on('console', (message: ConsoleMessage) => {
      if (/Content Security Policy/i.test(message.text())) cspMessages.push(message.text());
    });
    await waitForWorkbench(page);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await page?.close();
    await fx?.stop();
  });

  test('a folder without report.md: a message that says so and what to pick', async () => {
    await screenshotOnFailure(page, join(ARTIFACTS, 'report-missing-failure.png'), async () => {
      await runCommand(page, 'Ponder: Open Evaluation Report');
      await pickFolderInDialog(page, join(evalDir, 'plots'), 'Open Report');
      const text = await waitForNotification(page, /has no report\.md/);
      assert.match(text, /ponder eval --out DIR/);
    });
  });

  test('the eval folder: tables as in report.md, the SVG plots with the strategies as series, styled, nothing hostile runs, no CSP violation', async () => {
    let report!: Frame;
    await screenshotOnFailure(page, join(ARTIFACTS, 'report-failure.png'), async () => {
      await waitForPonder(page);
      await runCommand(page, 'Ponder: Open Evaluation Report');
      await pickFolderInDialog(page, evalDir, 'Open Report');
      report = await findWebviewFrame(page, EXTENSION_ID);
      await report.locator('main[data-testid="evaluation-report"] table').first().waitFor({ timeout: 60_000 });
    });
    const markdown = readFileSync(join(evalDir, 'report.md'), 'utf8');

    // Every table of report.md, cell for cell.
    const expected = markdownTables(markdown);
    assert.ok(expected.length >= 3, `report.md has ${expected.length} tables`);
    // (Browser-side code as strings: this file is type-checked without the DOM library.)
    const shown = (await report.evaluate(`[...document.querySelectorAll('table')].map((t) =>
      [...t.querySelectorAll('tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)))`)) as string[][][];
    assert.deepEqual(shown, expected);
    const accuracy = shown.find((t) => t[0][0] === 'strategy');
    assert.deepEqual(
      accuracy?.map((row) => row[0]),
      ['strategy', ...STRATEGIES],
      'the accuracy table has a row per strategy',
    );

    // Every plot of report.md inside its folder (the eval's and the hostile one), an image of the folder's
    // SVG file, loaded; the one outside the folder is refused. The accuracy plot's legend names the strategies.
    const plots = [...markdown.matchAll(/^!\[[^\]]*\]\(([^)]+\.svg)\)$/gm)].map((m) => m[1]).filter((plot) => plot !== '../outside.svg');
    assert.ok(plots.includes('plots/accuracy.svg') && plots.at(-1) === 'plots/hostile.svg', `plots in report.md: ${plots.join(', ')}`);
    const figures = (await report.evaluate(
      `[...document.querySelectorAll('figure[data-plot]')].map((f) => f.getAttribute('data-plot'))`,
    )) as string[];
    assert.deepEqual(figures, plots);
    for (const plot of plots) {
      const src = await report.locator(`figure[data-plot="${plot}"] > img`).getAttribute('src');
      assert.ok(
        src && decodeURIComponent(new URL(src).pathname).endsWith(`/eval-report/${plot}`),
        `${plot} is an image of its file (src ${src})`,
      );
    }
    const loaded = `[...document.querySelectorAll('figure[data-plot] > img')].map((img) => img.complete && img.naturalWidth > 0)`;
    await report.waitForFunction(`${loaded}.every(Boolean)`, undefined, { timeout: 30_000 }).catch(() => {});
    assert.deepEqual(
      await report.evaluate(loaded),
      plots.map(() => true),
      'every plot image loaded from the report folder',
    );
    const labels = parseSvg(readFileSync(join(evalDir, 'plots', 'accuracy.svg'), 'utf8')).texts;
    for (const strategy of STRATEGIES) assert.ok(labels.includes(strategy), `"${strategy}" labels a series (${labels.join(' | ')})`);
    const box = await report.locator('figure[data-plot="plots/accuracy.svg"] > img').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the accuracy plot is laid out (${JSON.stringify(box)})`);
    assert.equal(await report.locator('img[alt="outside"]').count(), 0, 'no image from outside the report folder');
    assert.equal(await report.locator('p', { hasText: '[missing plot: outside]' }).count(), 1);

    // The hostile Markdown is shown as text, and neither it nor the SVG's script ran.
    const mainText = (await report.locator('main').textContent()) ?? '';
    assert.ok(mainText.includes(`<script>document.title = '${PWNED}'</script>`), 'the raw <script> is shown as text');
    assert.ok(mainText.includes('<img src="x" onerror='), 'the raw <img> is shown as text');
    assert.notEqual(await report.evaluate('document.title'), PWNED);
    assert.ok(!(await page.title()).includes(PWNED), 'the workbench title is untouched');

    // media/report.css applied (a table's default border-collapse is "separate"); nothing active in the page.
    assert.equal(await report.evaluate(`getComputedStyle(document.querySelector('table')).borderCollapse`), 'collapse');
    // (VS Code itself sets the theme's variables on <html style>; the report's own markup has no style attribute.)
    assert.equal(
      await report.locator('script, main svg, main [style], foreignObject, [onload], [onclick], [onerror]').count(),
      0,
      'no script, inline SVG, inline style or handler',
    );

    await (await report.frameElement()).screenshot({ path: join(ARTIFACTS, 'report-light.png') });
    await report.locator('figure[data-plot="plots/accuracy.svg"]').screenshot({ path: join(ARTIFACTS, 'report-plot-light.png') });
    assert.equal(cspMessages.length, 0, `no CSP violation while the report loaded:\n${cspMessages.join('\n')}`);

    // The check above can fail: a remote image, which the report's CSP forbids, is reported.
    await report.evaluate(`(() => {
      const img = document.createElement('img');
      img.src = 'https://example.invalid/ponder-csp-probe.png';
      document.body.append(img);
    })()`);
    const deadline = Date.now() + 30_000;
    while (!cspMessages.some((m) => m.includes('ponder-csp-probe'))) {
      assert.ok(Date.now() < deadline, 'the CSP violation of the probe image was not reported within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
