// A reasoning policy's run in the panel (Chromium, production CSP): 256 candidates that think before
// they solve. Each candidate's thinking streams into its own collapsed section, expands on demand with
// KaTeX math, and never joins the scored steps, the answer or the votes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { SolveEvent } from '../../src/shared/events';
import { recordedBestOfN, THINKING_DECOY } from './fixtures/recordedRuns';
import { expectedCandidates, send, sendRun } from './harness/panel';
import { launchChromium, openPanel, startHarness } from './harness/server';
import type { Harness } from './harness/server';

let harness: Harness;
let browser: Browser;
const run = recordedBestOfN({ thinking: true, concurrency: 64 });
const header = {
  runId: 'recorded-256',
  problem: 'How many positive whole-number divisors does 196 have?',
  budget: 256,
  strategy: 'auto' as const,
};

/** The thinking a candidate streamed, as the events carry it. */
function thinkingOf(id: string): string {
  return run
    .filter((e): e is Extract<SolveEvent, { type: 'delta' }> => e.type === 'delta' && e.candidateId === id)
    .map((e) => e.thinking ?? '')
    .join('');
}

before(async () => {
  [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('thinking in the panel (Chromium)', () => {
  it('streams 256 thinking candidates: rows say "thinking" until the solution starts, steps and answers come from the solution only', async () => {
    const { page, errors } = await openPanel(browser, harness);
    // Cut where some candidates are still thinking.
    const cut = run.findIndex((e, i) => i > 400 && e.type === 'delta' && e.thinking !== undefined && e.thinking !== '');
    await sendRun(page, header, run.slice(0, cut), { batch: 60, framesEvery: 4 });
    const thinkingRows = page.locator('[data-testid=candidate][data-status=thinking]');
    assert.ok((await thinkingRows.count()) > 0, 'some rows are thinking mid-stream');
    const midSteps = await thinkingRows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.steps));
    assert.ok(
      midSteps.every((n) => n === '0'),
      `a thinking candidate has no steps yet (${midSteps.join(',')})`,
    );

    // The selected thinking candidate shows its thinking streaming, collapsed.
    const id = await thinkingRows.first().getAttribute('data-candidate-id');
    await thinkingRows.first().click();
    const thinking = page.locator('[data-testid=candidate-detail] [data-testid=thinking]');
    assert.equal(await thinking.getAttribute('data-state'), 'streaming');
    assert.equal(await thinking.evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed by default');
    assert.match((await page.locator('[data-testid=thinking-summary]').textContent()) ?? '', /\d+ words, thinking…/);

    await send(page, { type: 'runEvents', runId: header.runId, events: run.slice(cut) });
    await page.locator('[data-testid=run-status][data-status=done]').waitFor();
    const expected = expectedCandidates(run);
    const rows = await page.locator('[data-testid=candidate]').evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
    assert.equal(rows.length, 256);
    for (const row of rows) {
      const want = expected.get(row.candidateId!)!;
      assert.equal(Number(row.steps), want.steps, `steps of ${row.candidateId}`);
      assert.equal(row.answer, want.answer ?? '', `answer of ${row.candidateId}`);
      assert.notEqual(row.status, 'thinking', `${row.candidateId} finished`);
    }
    const answers = await page.locator('[data-testid=vote]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.answer));
    assert.ok(
      !answers.includes(THINKING_DECOY.slice('\\boxed{'.length, -1)),
      `the decoy boxed in the thinking is no vote (${answers.join(', ')})`,
    );
    assert.deepEqual(errors, []);

    // Still collapsed once done: nothing of the thinking is rendered until it is opened.
    assert.equal(await thinking.getAttribute('data-state'), 'done');
    assert.equal(await page.locator('[data-testid=thinking-body] .thinking-paragraph').count(), 0);
    const steps = page.locator('[data-testid=candidate-detail] [data-testid=step]');
    assert.equal(await steps.count(), expected.get(id!)!.steps);
    const stepTexts = (await steps.allTextContents()).join('\n');
    assert.ok(!stepTexts.includes('Wait, let me check again'), 'the thinking is not in the steps');

    // Expanded: the whole thinking, as text with KaTeX math, outside the steps list.
    await thinking.locator('summary').click();
    await page.locator('[data-testid=thinking-body] .thinking-paragraph').first().waitFor();
    const body = page.locator('[data-testid=thinking-body]');
    const shown = (await body.innerText()).replace(/\s+/g, ' ');
    assert.ok(shown.includes('Wait, let me check again.'), 'the expanded thinking shows its text');
    assert.ok((await body.locator('.katex').count()) > 0, 'math in the thinking is rendered with KaTeX');
    assert.equal(await page.locator('[data-testid=candidate-detail] .steps [data-testid=thinking-body]').count(), 0);
    assert.equal(await steps.count(), expected.get(id!)!.steps, 'expanding the thinking adds no steps');
    assert.ok(thinkingOf(id!).includes('Wait, let me check again.'));

    // Another candidate starts collapsed again.
    await page.locator('[data-testid=candidate]').nth(1).click();
    assert.equal(await thinking.evaluate((d) => (d as HTMLDetailsElement).open), false);
    await page.context().close();
  });

  it('shows no thinking section for a policy that does not think', async () => {
    const { page } = await openPanel(browser, harness);
    await sendRun(page, { ...header, runId: 'recorded-8' }, recordedBestOfN({ candidates: 8 }), { batch: 60 });
    await page.locator('[data-testid=run-status][data-status=done]').waitFor();
    await page.locator('[data-testid=candidate]').first().click();
    assert.equal(await page.locator('[data-testid=candidate-detail] [data-testid=thinking]').isHidden(), true);
    await page.context().close();
  });
});
