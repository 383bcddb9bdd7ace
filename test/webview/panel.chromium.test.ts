// The panel in Chromium under its production CSP: recorded runs replay without dropping events,
// beam trees and revision chains match their events, messages to the extension, state restore,
// and screenshots in light, dark and high-contrast themes (saved under .test-artifacts/webview).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { SolveEvent } from '../../src/shared/events';
import { recordedBeam, recordedBestOfN, recordedRevisions } from './fixtures/recordedRuns';
import { expectedCandidates, posted, send, sendRun, walkCandidates } from './harness/panel';
import { ARTIFACTS, launchChromium, openPanel, startHarness, waitForReady } from './harness/server';
import type { Harness, HarnessWindow } from './harness/server';

let harness: Harness;
let browser: Browser;
const run256 = recordedBestOfN();
const result256 = run256.at(-1) as Extract<SolveEvent, { type: 'result' }>;
const header256 = {
  runId: 'recorded-256',
  problem: 'How many positive whole-number divisors does 196 have?',
  budget: 256,
  strategy: 'auto' as const,
};

before(async () => {
  [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('panel in Chromium', () => {
  it('replays a recorded 256-candidate run without dropping events', async () => {
    const { page, errors } = await openPanel(browser, harness);
    // Mid-stream: every candidate announced so far has a row, and statuses match the events.
    const cut = Math.floor(run256.length / 2);
    await sendRun(page, header256, run256.slice(0, cut), { batch: 60, framesEvery: 4 });
    const midCandidates = run256.slice(0, cut).filter((e) => e.type === 'candidate').length;
    const midFinals = run256.slice(0, cut).filter((e) => e.type === 'final').length;
    assert.equal(await page.locator('[data-testid=candidate]').count(), midCandidates);
    assert.equal(await page.locator('[data-testid=candidate][data-status=final]').count(), midFinals);
    assert.equal(await page.locator('[data-testid=run-status]').getAttribute('data-status'), 'running');
    await send(page, { type: 'runEvents', runId: header256.runId, events: run256.slice(cut) });
    await page.locator('[data-testid=run-status][data-status=done]').waitFor();

    const expected = expectedCandidates(run256);
    const rows = await page.locator('[data-testid=candidate]').evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
    assert.equal(rows.length, 256);
    assert.deepEqual(new Set(rows.map((r) => r.candidateId)), new Set(expected.keys()));
    for (const row of rows) {
      const want = expected.get(row.candidateId!)!;
      assert.equal(Number(row.steps), want.steps, `steps of ${row.candidateId}`);
      assert.equal(row.score, String(want.finalScore), `score of ${row.candidateId}`);
      assert.equal(row.answer, want.answer ?? '', `answer of ${row.candidateId}`);
    }
    // Sorted by score, highest first.
    const scores = rows.map((r) => Number(r.score));
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );

    const votes = await page.locator('[data-testid=vote]').evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
    assert.deepEqual(
      votes.map((v) => [v.answer, Number(v.count), Number(v.weight)]),
      result256.votes.map((v) => [v.answer, v.count, v.weight]),
    );
    const budget = await page.locator('[data-testid=budget-meter]').evaluate((e) => ({ ...(e as HTMLElement).dataset }));
    assert.deepEqual(budget, {
      testid: 'budget-meter',
      generations: String(result256.usage.generations),
      budget: '256',
      tokens: String(result256.usage.tokens),
      requests: String(result256.usage.requests),
      verifierCalls: String(result256.usage.verifierCalls),
    });
    assert.equal(await page.locator('[data-testid=difficulty]').getAttribute('data-bin'), '2');
    assert.equal(await page.locator('[data-testid=route]').getAttribute('data-strategy'), 'weighted-best-of-n');
    assert.equal(await page.locator('[data-testid=run-answer]').getAttribute('data-answer'), result256.answer);
    // The best candidate is shown first, its answer boxed.
    assert.equal(await page.locator('[data-testid=candidate-detail]').getAttribute('data-candidate-id'), result256.bestCandidateId);
    assert.equal(
      await page.locator('[data-testid=final-answer]').getAttribute('data-answer'),
      expected.get(result256.bestCandidateId!)!.answer,
    );

    // Every candidate's detail, reached with the keyboard, shows its steps and step scores.
    await page.selectOption('[aria-label="Sort candidates"]', 'order');
    const shown = await walkCandidates(page);
    assert.deepEqual(
      shown.map((s) => s.id),
      [...expected.keys()],
    );
    // After the first (clicked) row, keyboard focus follows the selection.
    assert.deepEqual(
      shown.slice(1).map((s) => s.focused),
      shown.slice(1).map((s) => s.id),
    );
    for (const s of shown) {
      const want = expected.get(s.id)!;
      assert.equal(s.steps, want.steps, `steps shown for ${s.id}`);
      assert.deepEqual(s.scores, [...want.scores.values()].map(String), `step scores shown for ${s.id}`);
    }
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('draws the beam tree and the revision chains from their events', async () => {
    const { page } = await openPanel(browser, harness);
    const beam = recordedBeam();
    await sendRun(page, { runId: 'beam', problem: 'beam problem' }, beam);
    const nodes = await page
      .locator('[data-testid=beam-tree] [data-node-id]')
      .evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
    const candidates = beam.filter((e) => e.type === 'candidate');
    assert.equal(nodes.length, candidates.length);
    const pruned = new Set(beam.flatMap((e) => (e.type === 'pruned' ? [e.candidateId] : [])));
    assert.deepEqual(new Set(nodes.filter((n) => n.state === 'pruned').map((n) => n.nodeId)), pruned);
    const scores = new Map(beam.flatMap((e) => (e.type === 'score' ? [[e.candidateId, e.score] as const] : [])));
    for (const n of nodes) assert.equal(Number(n.score), scores.get(n.nodeId!));
    assert.equal(await page.locator('[data-testid=revision-chain]').count(), 0);
    // Keyboard in the tree: Up goes to the parent.
    const leaf = beam.find((e): e is Extract<SolveEvent, { type: 'final' }> => e.type === 'final')!.candidateId;
    await page.locator(`[data-testid=beam-tree] [data-node-id="${leaf}"]`).click();
    await page.locator('[data-testid=beam-tree] [role=tree]').press('ArrowUp');
    const parent = beam.find((e): e is Extract<SolveEvent, { type: 'candidate' }> => e.type === 'candidate' && e.id === leaf)!.parentId;
    await page.locator(`[data-testid=candidate-detail][data-candidate-id="${parent}"]`).waitFor();

    const revisions = recordedRevisions();
    await sendRun(page, { runId: 'revisions', problem: 'revision problem' }, revisions);
    assert.equal(await page.locator('[data-testid=beam-tree]').isHidden(), true);
    const chains = await page.locator('[data-testid=revision-chain]').evaluateAll((els) =>
      els.map((c) =>
        [...c.querySelectorAll<HTMLElement>('[data-testid=revision-attempt]')].map((a) => ({
          id: a.dataset.candidateId,
          verdict: a.querySelector('.chip.good, .chip.warn:not(.changed)')?.textContent,
        })),
      ),
    );
    const finals = new Map(revisions.flatMap((e) => (e.type === 'final' ? [[e.candidateId, e.accepted] as const] : [])));
    assert.equal(chains.length, 2);
    for (const chain of chains) {
      assert.equal(chain.length, 3);
      for (const a of chain) assert.equal(a.verdict, finals.get(a.id!) ? 'accepted' : 'rejected');
    }
    // Both runs are in the switcher; switching back shows the tree again.
    assert.equal(await page.locator('[data-testid=run-switcher] option').count(), 2);
    await page.selectOption('[data-testid=run-switcher]', 'beam');
    await page.locator('[data-testid=beam-tree]:not([hidden])').waitFor();
    assert.ok((await posted(page)).some((m) => m.type === 'selectRun' && m.runId === 'beam'));
    await page.context().close();
  });

  it('posts copy, insert and cancel messages, and keeps its runs when the server crashes', async () => {
    const { page } = await openPanel(browser, harness);
    const events = recordedBestOfN({ candidates: 12, concurrency: 4 });
    const result = events.at(-1) as Extract<SolveEvent, { type: 'result' }>;
    await sendRun(page, { runId: 'm', problem: 'p' }, events.slice(0, 40));
    await page.getByTestId('cancel-run').click();
    await sendRun(page, { runId: 'm', problem: 'p' }, []);
    await send(page, { type: 'runEvents', runId: 'm', events });
    await page.getByTestId('insert-answer').click();
    await page.getByTestId('copy-answer').click();
    await page.getByTestId('copy-solution').click();
    const messages = await posted(page);
    assert.deepEqual(
      messages.find((m) => m.type === 'cancelRun'),
      { type: 'cancelRun', runId: 'm' },
    );
    assert.deepEqual(
      messages.find((m) => m.type === 'insertAnswer'),
      { type: 'insertAnswer', runId: 'm', answer: result.answer },
    );
    const best = expectedCandidates(events).get(result.bestCandidateId!)!;
    assert.deepEqual(
      messages.find((m) => m.type === 'copy' && m.what === 'answer'),
      { type: 'copy', what: 'answer', text: best.answer },
    );
    const markdown = messages.find((m) => m.type === 'copy' && m.what === 'solution')?.text as string;
    assert.match(markdown, /\\boxed\{/);
    assert.equal(markdown.split('\n\n').length, best.steps);
    assert.equal(await page.getByTestId('cancel-run').isHidden(), true);

    const rowsBefore = await page.getByTestId('candidate').count();
    await send(page, { type: 'serverState', state: 'crashed' });
    const banner = page.getByTestId('server-state');
    assert.equal(await banner.getAttribute('data-state'), 'crashed');
    assert.equal(await banner.isVisible(), true);
    assert.equal(await page.getByTestId('candidate').count(), rowsBefore);
    await banner.getByText('Restart server').click();
    assert.ok((await posted(page)).some((m) => m.type === 'serverAction' && m.action === 'restart'));
    await send(page, { type: 'serverState', state: 'running' });
    assert.equal(await banner.isHidden(), true);

    await send(page, { type: 'runStarted', header: { runId: 'lost', problem: 'q' } });
    await send(page, { type: 'runFailed', runId: 'lost', message: 'The Ponder server stopped while solving.' });
    assert.equal(await page.getByTestId('run-status').getAttribute('data-status'), 'failed');
    assert.match((await page.getByTestId('run-errors').textContent()) ?? '', /server stopped while solving/);
    await page.context().close();
  });

  it('restores its state after a reload and accepts runs re-sent by the extension', async () => {
    const { page } = await openPanel(browser, harness);
    const events = recordedBestOfN({ candidates: 24, concurrency: 6 });
    await sendRun(page, { runId: 'done-run', problem: 'first' }, events);
    await page.locator('[data-testid=candidate][data-candidate-id=c5]').click();
    await page.locator('details[data-section=votes] > summary').click();
    await page.selectOption('[aria-label="Sort candidates"]', 'order');
    const live = recordedBestOfN({ candidates: 16, concurrency: 4, seed: 9 });
    const cut = Math.floor(live.length / 3);
    await sendRun(page, { runId: 'live-run', problem: 'second' }, live.slice(0, cut));
    await page.selectOption('[data-testid=run-switcher]', 'done-run');
    // Saves are debounced, so an earlier save can already hold some of these: wait for every field the
    // assertions after the reload read (the save on pagehide has its own test below).
    await page.waitForFunction(() => {
      const s = (window as unknown as HarnessWindow).__harness.savedState() as
        { selectedRunId?: string; closed?: string[]; selectedCandidates?: Record<string, string>; sort?: string } | undefined;
      return (
        s?.selectedRunId === 'done-run' && s.closed?.includes('votes') && s.selectedCandidates?.['done-run'] === 'c5' && s.sort === 'order'
      );
    });

    await page.reload();
    await waitForReady(page);
    const ready = (await posted(page)).find((m) => m.type === 'ready');
    // Finished runs come back from the saved state; the live one is the extension's to re-send.
    assert.deepEqual(ready?.restoredRunIds, ['done-run']);
    await page.locator('[data-testid=candidate-detail][data-candidate-id=c5]').waitFor();
    assert.equal(await page.getByTestId('candidate').count(), 24);
    assert.equal(await page.locator('details[data-section=votes]').getAttribute('open'), null);
    assert.equal(await page.locator('[aria-label="Sort candidates"]').inputValue(), 'order');
    const first = await page.getByTestId('candidate').first().getAttribute('data-candidate-id');
    assert.equal(first, 'c0');

    await send(page, {
      type: 'restoreRuns',
      runs: [{ header: { runId: 'live-run', problem: 'second' }, events: live.slice(0, cut) }],
      selectRunId: 'live-run',
    });
    await send(page, { type: 'runEvents', runId: 'live-run', events: live.slice(cut) });
    await page.locator('[data-testid=run-status][data-status=done]').waitFor();
    assert.equal(await page.getByTestId('candidate').count(), 16);
    assert.equal(await page.locator('[data-testid=run-switcher] option').count(), 2);
    await page.context().close();
  });

  it('saves a change made just before a reload, inside the save debounce', async () => {
    const { page } = await openPanel(browser, harness);
    await sendRun(page, { runId: 'done-run', problem: 'first' }, recordedBestOfN({ candidates: 8, concurrency: 4 }));
    await page.waitForFunction(() => (window as unknown as HarnessWindow).__harness.savedState() !== undefined);
    await page.selectOption('[aria-label="Sort candidates"]', 'order');
    await page.reload();
    await waitForReady(page);
    await page.locator('[data-testid=candidate]').first().waitFor();
    assert.equal(await page.locator('[aria-label="Sort candidates"]').inputValue(), 'order');
    await page.context().close();
  });

  it('starts from the initial state embedded in its HTML and flags low-scoring steps', async () => {
    const payload = '"><script>window.__pwned=1</script> $x$';
    const events = recordedRevisions().map((e) => (e.type === 'started' ? { ...e, problem: payload } : e));
    harness.setInitialState({
      config: { lowScoreThreshold: 0.65 },
      serverState: 'stopped',
      runs: [{ header: { runId: 'embedded', problem: payload }, events }],
    });
    const { page } = await openPanel(browser, harness);
    assert.equal(await page.getByTestId('candidate').count(), 6);
    assert.equal(await page.getByTestId('server-state').getAttribute('data-state'), 'stopped');
    assert.match((await page.getByTestId('problem').textContent()) ?? '', /"><script>window.__pwned=1<\/script>/);
    const steps = await page.locator('[data-testid=step]').evaluateAll((els) =>
      els.map((e) => ({
        low: e.classList.contains('low'),
        score: Number((e.querySelector('[data-testid=step-score]') as HTMLElement).dataset.score),
      })),
    );
    assert.ok(steps.length > 0);
    for (const s of steps) assert.equal(s.low, s.score < 0.65);
    assert.ok(steps.some((s) => s.low) && steps.some((s) => !s.low));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.context().close();
  });

  it('saves screenshots in light, dark and high-contrast themes with the theme colours applied', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const backgrounds: Record<string, string> = { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' };
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const { page } = await openPanel(browser, harness, { theme, width: 1200, height: 1000 });
      await sendRun(page, { runId: 'beam', problem: 'A regular hexagon can be divided into six equilateral triangles.' }, recordedBeam());
      await sendRun(page, header256, run256, { batch: 400 });
      await page.locator('[data-testid=run-status][data-status=done]').waitFor();
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), backgrounds[theme]);
      await page.screenshot({ path: join(ARTIFACTS, `panel-${theme}.png`) });
      await page.selectOption('[data-testid=run-switcher]', 'beam');
      await page.locator('[data-testid=beam-tree]:not([hidden])').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, `panel-beam-${theme}.png`), fullPage: true });
      await page.context().close();
    }
  });
  it('sorts and filters a live run by moving the rows it made, without making any anew', async () => {
    const { page, errors } = await openPanel(browser, harness);
    // All but the result: the run is still live, with every candidate finished and voted on.
    await sendRun(page, header256, run256.slice(0, -1), { batch: 60, framesEvery: 4 });
    assert.equal(await page.locator('[data-testid=run-status]').getAttribute('data-status'), 'running');
    const arrival = run256.flatMap((e) => (e.type === 'candidate' ? [e.id] : []));
    const answers = expectedCandidates(run256);
    const answer = result256.votes[1].answer;
    const seen = await page.evaluate(
      async ({ answer }) => {
        const h = (window as unknown as HarnessWindow).__harness;
        const list = document.querySelector<HTMLElement>('[data-testid=candidate-list]')!;
        while (list.getAttribute('aria-busy') === 'true') await h.frame();
        const rows = () => [...list.querySelectorAll<HTMLElement>('[data-testid=candidate]')];
        const made = new Set(rows());
        const look = () => ({
          ids: rows().map((r) => r.dataset.candidateId!),
          shown: rows()
            .filter((r) => !r.hidden)
            .map((r) => r.dataset.candidateId!),
          same: rows().filter((r) => made.has(r)).length,
          busy: list.getAttribute('aria-busy') === 'true',
        });
        const choose = async (testSelector: string, value: string) => {
          const select = document.querySelector<HTMLSelectElement>(testSelector)!;
          select.value = value;
          select.dispatchEvent(new Event('change'));
          await h.frame();
          return look();
        };
        const byArrival = await choose('select[aria-label="Sort candidates"]', 'order');
        const filtered = await choose('[data-testid=answer-filter]', `=${answer}`);
        const filteredVote = document.querySelector<HTMLElement>('[data-testid=vote].filtered')?.dataset.answer ?? null;
        const unfiltered = await choose('[data-testid=answer-filter]', '');
        return { made: made.size, byArrival, filtered, filteredVote, unfiltered };
      },
      { answer },
    );
    assert.equal(seen.made, 256);
    for (const [name, view] of Object.entries({ byArrival: seen.byArrival, filtered: seen.filtered, unfiltered: seen.unfiltered })) {
      assert.equal(view.same, 256, `${name}: ${view.same} of the 256 rows are the ones made before`);
      assert.equal(view.busy, false, `${name}: the list is busy, so rows are being made again`);
    }
    assert.deepEqual(seen.byArrival.ids, arrival, 'sorted by arrival in the frame after the choice');
    assert.deepEqual(
      seen.filtered.shown,
      arrival.filter((id) => answers.get(id)!.answer === answer),
      `only the rows answering ${answer} are shown`,
    );
    assert.equal(seen.filteredVote, answer, 'the vote view marks the filtered answer');
    assert.equal(seen.unfiltered.shown.length, 256);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
  it('makes at most 96 new rows a frame while 256 candidates arrive at once, and every row within a few frames, busy until then', async () => {
    const { page, errors } = await openPanel(browser, harness);
    const events = recordedBestOfN({ candidates: 256, concurrency: 256 });
    const announced = events.slice(
      0,
      events.findIndex((e) => e.type === 'delta'),
    );
    assert.equal(announced.filter((e) => e.type === 'candidate').length, 256);
    const counts = await page.evaluate(async (batch) => {
      const h = (window as unknown as HarnessWindow).__harness;
      h.send({ type: 'runStarted', header: { runId: 'recorded-256', problem: 'p', budget: 256 } });
      h.send({ type: 'runEvents', runId: 'recorded-256', events: batch });
      const seen: number[] = [];
      const busy: boolean[] = [];
      for (let i = 0; i < 6; i++) {
        await h.frame();
        seen.push(document.querySelectorAll('[data-testid=candidate]').length);
        busy.push(document.querySelector('[data-testid=candidate-list]')!.getAttribute('aria-busy') === 'true');
      }
      return { seen, busy };
    }, announced as SolveEvent[]);
    // The list says it is busy exactly while some rows are still to come.
    assert.deepEqual(
      counts.busy,
      counts.seen.map((n) => n < 256),
      `rows ${counts.seen.join(', ')}, busy ${counts.busy.join(', ')}`,
    );
    const { seen } = counts;
    assert.ok(seen[0] > 0 && seen[0] <= 96, `the first frame made ${seen[0]} rows`);
    assert.equal(seen.at(-1), 256, `rows frame by frame: ${seen.join(', ')}`);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
      'rows are only added',
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
