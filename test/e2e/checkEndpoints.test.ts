// Real servers, the VS Code side, in the real workbench (code-server) against `ponder sim --emulate vllm`
// with no verifier (ponder.verifier.kind: none): "Ponder: Check Endpoints" shows the server and a row
// per strategy agreeing with `ponder check --json` on the same endpoints, its fix links open Settings; a
// run that has to work around the missing verifier says so once in a notification that offers Check
// Endpoints, and in the panel's notice; the "Get started with Ponder" walkthrough is contributed and opens.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import type { Capabilities } from '../../src/shared/api';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import { CLI, ROOT } from '../helpers/sim';
import {
  openFile,
  pickQuickItem,
  runCommand,
  screenshotOnFailure,
  selectLine,
  waitForNotification,
  waitForPonder,
  waitForWorkbench,
} from './support/browser';
import { ARTIFACTS, startFixture, type Fixture } from './support/fixture';
import { openWorkbench } from './support/hostSuite';

const EXTENSION_ID = 'ponder.ponder';
const WAIT_MS = 90_000;

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

interface Manifest {
  contributes: {
    commands: { command: string }[];
    walkthroughs?: { id: string; title: string; steps: WalkthroughStep[] }[];
  };
}

/**
 * The inner frame of one of the extension's webviews that holds `selector` (the check page and the
 * solution panel are both open; a webview whose HTML was replaced has a new frame, so look again).
 */
async function webviewWith(page: Page, selector: string, what: string, timeoutMs = WAIT_MS): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (;;) {
    seen = [];
    for (const frame of page.frames()) {
      const parent = frame.parentFrame();
      if (
        !parent ||
        !decodeURIComponent(parent.url()).includes(EXTENSION_ID) ||
        (frame.name() !== 'active-frame' && !frame.url().includes('fake.html'))
      )
        continue;
      const count = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      if (count > 0) return frame;
      seen.push(
        (await frame
          .locator('main')
          .first()
          .getAttribute('data-testid')
          .catch(() => null)) ??
          (await frame
            .locator('main')
            .first()
            .getAttribute('id')
            .catch(() => null)) ??
          '(no main)',
      );
    }
    assert.ok(
      Date.now() < deadline,
      `no webview of ${EXTENSION_ID} showed ${what} (${selector}) within ${timeoutMs} ms; its webviews show: ${seen.join(', ') || 'none'}`,
    );
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Check Endpoints, degraded runs and the walkthrough in the workbench (code-server)', { timeout: 10 * 60_000 }, () => {
  let fx: Fixture;
  let page: Page;
  let expected: Capabilities;

  before(async () => {
    fx = await startFixture({ suites: [], simArgs: ['--emulate', 'vllm'], userSettings: () => ({ 'ponder.verifier.kind': 'none' }) });
    // What the CLI's `ponder check` says about the same endpoints: the page must say the same.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'check', '--json', '--policy-url', fx.sim.url, '--verifier-kind', 'none'],
      { timeout: 60_000 },
    );
    expected = JSON.parse(stdout) as Capabilities;
    page = await openWorkbench({ browser: fx.browser, serverUrl: fx.codeServer.url, folder: fx.workspace, extensionDevelopmentPath: ROOT });
    await waitForWorkbench(page);
  });

  after(async () => {
    await page?.close();
    await fx?.stop();
  });

  test('Ponder: Check Endpoints names the server and the model, has a row per strategy as `ponder check` says, and links the fixes to Settings', async () => {
    assert.equal(expected.policy.server, 'vllm', `ponder check --json recognised ${expected.policy.server}`);
    await screenshotOnFailure(page, join(ARTIFACTS, 'check-endpoints-failure.png'), async () => {
      await openFile(page, 'algebra.ponder');
      await waitForPonder(page);
      await runCommand(page, 'Ponder: Check Endpoints');
      const check = await webviewWith(page, 'main[data-testid="check-endpoints"][data-state="done"]', 'the probed endpoints');
      const server = check.locator('[data-testid="check-server"]');
      assert.equal(await server.getAttribute('data-server'), 'vllm');
      assert.equal(await server.textContent(), 'vLLM');
      assert.equal(await check.locator('[data-testid="check-model"]').textContent(), expected.policy.model);
      assert.equal(await check.locator('[data-testid="check-verifier"]').getAttribute('data-kind'), 'none');
      const rows = await check
        .locator('[data-testid="strategy-row"]')
        .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-strategy'), n.getAttribute('data-status')]));
      assert.deepEqual(
        rows.map((r) => r[0]),
        [...STRATEGY_NAMES],
        'one row per strategy, in order',
      );
      assert.deepEqual(
        rows,
        expected.strategies.map((s) => [s.strategy, s.status]),
        'the statuses ponder check --json reports',
      );
      assert.ok(
        rows.some((r) => r[1] === 'unavailable'),
        'without a verifier some strategies are unavailable',
      );
      const fixes = await check.locator('[data-testid="strategy-row"][data-strategy="beam"] td').last().textContent();
      assert.equal(
        fixes?.startsWith(expected.strategies.find((s) => s.strategy === 'beam')!.fix!),
        true,
        `the fix of beam is shown (${fixes})`,
      );
      await (await check.frameElement()).screenshot({ path: join(ARTIFACTS, 'check-endpoints.png') });

      // A fix's setting link opens the Settings editor on that setting (command URIs allowed for it).
      const link = check.locator('[data-testid="strategy-row"][data-strategy="beam"] [data-testid="open-setting"]', {
        hasText: 'ponder.verifier.kind',
      });
      await link.click();
      const search = page.locator('.settings-editor .suggest-input-container .view-lines');
      await search.filter({ hasText: 'ponder.verifier.kind' }).waitFor({ state: 'visible', timeout: 30_000 });
    });
  });

  test('a run that works around the missing verifier: one notification offering Check Endpoints, and the panel notice', async () => {
    await screenshotOnFailure(page, join(ARTIFACTS, 'workarounds-failure.png'), async () => {
      await openFile(page, 'algebra.ponder');
      await selectLine(page, 6); // "Compute: $1-2+3-4+5- \dots +99-100$."
      await runCommand(page, 'Ponder: Solve with Strategy...');
      await pickQuickItem(page, 'beam');
      const panel = await webviewWith(
        page,
        'main#ponder-app [data-testid="route"][data-strategy="majority"]',
        'the run routed to majority',
      );
      const notice = panel.locator('[data-testid="route-workarounds"]');
      await notice.waitFor({ state: 'visible', timeout: WAIT_MS });
      const sentences = await notice.locator('[data-testid="route-workaround"]').allTextContents();
      assert.ok(
        sentences.some((s) => /beam needs a verifier/i.test(s)),
        `the notice says beam needed a verifier (${sentences.join(' | ')})`,
      );
      const reason = (await panel.locator('[data-testid="route"] .reason').textContent()) ?? '';
      for (const sentence of sentences)
        assert.ok(!reason.toLowerCase().includes(sentence.toLowerCase()), `the reason "${reason}" does not repeat "${sentence}"`);

      const toast = await waitForNotification(page, /Ponder worked around the endpoints: beam needs a verifier/, WAIT_MS);
      assert.doesNotMatch(toast, /;/, 'the notification says the first workaround briefly');
      const item = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Ponder worked around the endpoints' }).first();
      await item.locator('.monaco-button', { hasText: 'Check Endpoints' }).click();
      await page.locator('.tab.active[aria-label*="Ponder: Endpoints"]').waitFor({ state: 'visible', timeout: 30_000 });
      await webviewWith(page, 'main[data-testid="check-endpoints"][data-state="done"]', 'the endpoints checked again');
    });
  });

  test('the "Get started with Ponder" walkthrough is contributed with a Markdown page and completion events per step, and opens', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === 'ponder.gettingStarted');
    assert.ok(walkthrough, 'contributes.walkthroughs has ponder.gettingStarted');
    assert.equal(walkthrough.title, 'Get started with Ponder');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['server', 'apiKeys', 'verifier', 'check', 'solve'],
    );
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const step of walkthrough.steps) {
      assert.ok(
        step.media.markdown && existsSync(join(ROOT, step.media.markdown)),
        `${step.id}: its Markdown page ${step.media.markdown} exists`,
      );
      assert.ok(step.completionEvents?.length, `${step.id} has completion events`);
      for (const event of step.completionEvents) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(commands.has(command), `${step.id}: ${event} names a contributed command`);
        else assert.match(event, /^onSettingChanged:ponder\./, `${step.id}: ${event}`);
      }
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g))
        assert.ok(commands.has(command) || command.startsWith('workbench.'), `${step.id} links to ${command}`);
    }
    assert.match(walkthrough.steps[0].description, /vLLM.*SGLang.*Ollama.*llama\.cpp.*LM Studio.*OpenAI/s);

    await screenshotOnFailure(page, join(ARTIFACTS, 'walkthrough-failure.png'), async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await pickQuickItem(page, 'Get started with Ponder');
      const slide = page.locator('.gettingStartedContainer');
      await slide.getByText('Point Ponder at your model server').first().waitFor({ state: 'visible', timeout: WAIT_MS });
      for (const step of walkthrough.steps)
        await slide.getByText(step.title, { exact: true }).first().waitFor({ state: 'attached', timeout: 30_000 });
      // The last step's button opens the extension's own sample problem, ready to solve.
      await slide.getByText('Solve a sample problem', { exact: true }).first().click();
      await slide.getByRole('button', { name: 'Open Sample Problem' }).first().click();
      await page
        .locator('.monaco-editor .view-lines', { hasText: /Compute:\s\$1-2\+3-4\+5-/ })
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'walkthrough.png') });
    });
  });
});
