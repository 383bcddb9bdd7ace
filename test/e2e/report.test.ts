// "Ponder: Open Evaluation Report" in the real workbench (code-server): a real `ponder eval` folder
// (3 MATH500 problems against ponder sim) opened through the command palette and the folder dialog;
// the webview's DOM is checked against report.md and the plots, under the script-free CSP.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { CLI, MATH500, ROOT } from '../helpers/sim';
import { findWebviewFrame, runCommand, screenshotOnFailure, waitForNotification, waitForPonder, waitForWorkbench } from './support/browser';
import { ARTIFACTS, startFixture, type Fixture } from './support/fixture';
import { openWorkbench } from './support/hostSuite';
import { markdownTables, pickFolderInDialog } from './support/report';

const EXTENSION_ID = 'ponder.ponder';
const STRATEGIES = ['majority', 'weighted-best-of-n'];

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

  test('the eval folder: tables as in report.md, the SVG plots with the strategies as series, styled, no CSP violation', async () => {
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
    assert.deepEqual(accuracy?.map((row) => row[0]), ['strategy', ...STRATEGIES], 'the accuracy table has a row per strategy');

    // Every plot of report.md, inlined as SVG; the accuracy plot's legend names the strategies.
    const plots = [...markdown.matchAll(/^!\[[^\]]*\]\(([^)]+\.svg)\)$/gm)].map((m) => m[1]);
    assert.ok(plots.includes('plots/accuracy.svg'), `plots in report.md: ${plots.join(', ')}`);
    const figures = (await report.evaluate(`[...document.querySelectorAll('figure[data-plot]')].map((f) => f.getAttribute('data-plot'))`)) as string[];
    assert.deepEqual(figures, plots);
    for (const plot of plots) assert.equal(await report.locator(`figure[data-plot="${plot}"] > svg`).count(), 1, `${plot} is an inline SVG`);
    const labels = await report.locator('figure[data-plot="plots/accuracy.svg"] svg text').allTextContents();
    for (const strategy of STRATEGIES) assert.ok(labels.includes(strategy), `"${strategy}" labels a series (${labels.join(' | ')})`);
    const box = await report.locator('figure[data-plot="plots/accuracy.svg"] > svg').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the accuracy plot is laid out (${JSON.stringify(box)})`);

    // media/report.css applied (a table's default border-collapse is "separate"); nothing active in the page.
    assert.equal(await report.evaluate(`getComputedStyle(document.querySelector('table')).borderCollapse`), 'collapse');
    // (VS Code itself sets the theme's variables on <html style>; the report's own markup has no style attribute.)
    assert.equal(await report.locator('script, main [style], foreignObject, [onload], [onclick]').count(), 0, 'no script, inline style or handler');

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
