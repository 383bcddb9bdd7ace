// The panel's notice of what a run worked around (route.workarounds), in Chromium under the production
// CSP: each sentence once, beside the route, and a Check Endpoints button that asks the extension.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { emptyUsage, type SolveEvent } from '../../src/shared/events';
import { posted, send, sendRun } from './harness/panel';
import { launchChromium, openPanel, startHarness, type Harness } from './harness/server';

let harness: Harness;
let browser: Browser;

before(async () => {
  [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await harness?.stop();
});

const FALLBACK = 'beam needs a verifier and this run has none, so majority instead';
const NO_N = 'http://localhost:11434/v1 takes one choice per request, so every generation is its own request';

function run(runId: string, workarounds?: string[]): SolveEvent[] {
  return [
    { type: 'started', t: 0, runId, problem: 'What is $1+1$?', budget: 2, strategy: 'beam' },
    {
      type: 'route',
      t: 1,
      strategy: 'majority',
      params: { n: 2 },
      reason: ['beam chosen explicitly', ...(workarounds ?? [])].join('; '),
      ...(workarounds ? { workarounds } : {}),
    },
    { type: 'result', t: 2, answer: null, votes: [], bestCandidateId: null, usage: emptyUsage(), elapsedMs: 2 },
  ];
}

describe('route workarounds in the panel', () => {
  it('lists each workaround once beside the route, hides the notice for runs without, and offers Check Endpoints', async () => {
    const { page, errors } = await openPanel(browser, harness);
    await sendRun(page, { runId: 'plain', problem: 'What is $1+1$?' }, run('plain'));
    const notice = page.locator('[data-testid=route-workarounds]');
    assert.equal(await notice.isHidden(), true, 'no notice for a run that worked nothing around');

    await sendRun(page, { runId: 'degraded', problem: 'What is $1+1$?' }, run('degraded', [FALLBACK, NO_N]));
    await notice.waitFor({ state: 'visible' });
    assert.equal(await notice.getAttribute('data-count'), '2');
    const sentences = await notice.locator('[data-testid=route-workaround]').allTextContents();
    assert.deepEqual(sentences, ['Beam needs a verifier and this run has none, so majority instead', NO_N]);
    const reason = await page.locator('[data-testid=route] .reason').textContent();
    assert.equal(reason, 'beam chosen explicitly', 'the route reason does not repeat the workarounds');

    await notice.locator('[data-testid=check-endpoints]').click();
    const messages = await posted(page);
    assert.ok(
      messages.some((m) => m.type === 'serverAction' && m.action === 'checkEndpoints'),
      `posted ${JSON.stringify(messages.map((m) => m.type))}`,
    );

    await send(page, { type: 'showRun', runId: 'plain' });
    assert.equal(await notice.isHidden(), true, 'switching to a run without workarounds hides the notice');
    assert.deepEqual(errors, []);
  });
});
