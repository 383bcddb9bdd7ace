// A reasoning policy in the real workbench (code-server) against `ponder sim --emulate vllm --thinking
// reasoning_content`: each candidate's thinking is in the panel, collapsed, expandable, and apart from
// its scored steps; the answer and the steps come from the solution only.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../helpers/sim';
import {
  findWebviewFrame,
  openFile,
  pickQuickItem,
  runCommand,
  screenshotOnFailure,
  selectLine,
  waitForPonder,
  waitForWorkbench,
} from './support/browser';
import { ARTIFACTS, startFixture, type Fixture } from './support/fixture';
import { openWorkbench } from './support/hostSuite';

const EXTENSION_ID = 'ponder.ponder';
const WAIT_MS = 90_000;

describe('a reasoning policy in the workbench (code-server)', { timeout: 10 * 60_000 }, () => {
  let fx: Fixture;
  let page: Page;

  before(async () => {
    fx = await startFixture({ suites: [], simArgs: ['--emulate', 'vllm', '--thinking', 'reasoning_content'] });
    page = await openWorkbench({ browser: fx.browser, serverUrl: fx.codeServer.url, folder: fx.workspace, extensionDevelopmentPath: ROOT });
    await waitForWorkbench(page);
  });

  after(async () => {
    await page?.close();
    await fx?.stop();
  });

  test("each candidate's thinking is collapsed, expands, and is never among its scored steps", async () => {
    await screenshotOnFailure(page, join(ARTIFACTS, 'thinking-failure.png'), async () => {
      await openFile(page, 'algebra.ponder');
      await waitForPonder(page);
      await selectLine(page, 6); // "Compute: $1-2+3-4+5- \dots +99-100$."
      await runCommand(page, 'Ponder: Solve with Budget...');
      await pickQuickItem(page, '4');
      const panel: Frame = await findWebviewFrame(page, EXTENSION_ID, WAIT_MS);
      await panel.locator('main#ponder-app[data-status="done"]').waitFor({ timeout: WAIT_MS });

      const rows = panel.locator('[data-testid="candidate"]');
      const count = await rows.count();
      assert.ok(count > 0 && count <= 4, `1 to 4 candidates at budget 4 (saw ${count})`);
      const thinking = panel.locator('[data-testid="candidate-detail"] [data-testid="thinking"]');
      for (let i = 0; i < count; i++) {
        const row = rows.nth(i);
        const id = (await row.getAttribute('data-candidate-id'))!;
        const stepCount = Number(await row.getAttribute('data-steps'));
        await row.click();
        await panel.locator(`[data-testid="candidate-detail"][data-candidate-id="${id}"]`).waitFor({ timeout: WAIT_MS });
        await thinking.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await thinking.getAttribute('open'), null, `the thinking of ${id} starts collapsed`);
        assert.match((await thinking.locator('[data-testid="thinking-summary"]').textContent()) ?? '', /^\d[\d,]* words$/);
        const steps = panel.locator(`[data-testid="candidate-detail"] [data-testid="step"][data-candidate-id="${id}"]`);
        assert.equal(await steps.count(), stepCount, `${id}: the steps shown are the solution's`);
        assert.equal(await steps.locator('[data-testid="step-score"]').count(), stepCount, `${id}: every step has its score`);

        await thinking.locator('summary').click();
        const paragraphs = thinking.locator('[data-testid="thinking-body"] .thinking-paragraph');
        await paragraphs.first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const thought = (await thinking.locator('[data-testid="thinking-body"]').innerText()).trim();
        assert.ok(thought.length > 0, `${id}: the expanded thinking shows text`);
        assert.equal(await steps.count(), stepCount, `${id}: expanding the thinking adds no step`);
        const stepText = (await steps.allInnerTexts()).join('\n');
        assert.ok(!stepText.includes(thought.slice(0, 60)), `${id}: the thinking is not in the steps`);
        assert.equal(await thinking.locator('[data-testid="step-score"]').count(), 0, `${id}: the thinking carries no score`);
        if (i === 0) await (await panel.frameElement()).screenshot({ path: join(ARTIFACTS, 'panel-thinking.png') });
      }
    });
  });
});
