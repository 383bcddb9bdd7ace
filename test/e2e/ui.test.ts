// Ponder used like a person uses it: the command palette, Quick Open, selections, code lenses and the
// panel's buttons in the real workbench (code-server), with the panel's DOM (inside its iframe, by
// data-testid) checked against the events the extension sent it. Screenshots go to .test-artifacts/.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { ResultEvent, SolveEvent } from '../../src/shared/events';
import type { ToWebview } from '../../src/shared/messages';
import { ROOT, type SimStats } from '../helpers/sim';
import { findWebviewFrame, openFile, pickQuickItem, runCommand, selectLine, waitForPonder, waitForWorkbench } from './support/browser';
import { ARTIFACTS, startFixture, type Fixture } from './support/fixture';
import { openWorkbench } from './support/hostSuite';
import { hasResult, panelEvents } from './support/panelEvents';
import { groupProcesses } from './support/processes';

const EXTENSION_ID = 'ponder.ponder';

describe('Ponder used like a person in the workbench (code-server)', { timeout: 10 * 60_000 }, () => {
  let fx: Fixture;
  let page: Page;
  let panel: Frame;

  before(async () => {
    fx = await startFixture({ suites: ['observer'] });
    page = await openWorkbench({
      browser: fx.browser,
      serverUrl: fx.codeServer.url,
      suite: 'observer',
      folder: fx.workspace,
      extensionDevelopmentPath: ROOT,
    });
    await waitForWorkbench(page);
    await fx.reports.waitForWatching('observer', 120_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    if (fx) await fx.reports.release('observer', 10_000).catch(() => undefined);
    await page?.close();
    await fx?.stop();
  });

  /** The messages the extension has posted to the panel, once the shown run's result is among them. */
  async function shownRun(): Promise<{ runId: string; events: SolveEvent[]; result: ResultEvent }> {
    const main = panel.locator('main#ponder-app');
    await panel.locator('main#ponder-app[data-status="done"], main#ponder-app[data-status="partial"]').waitFor({ timeout: 60_000 });
    const runId = (await main.getAttribute('data-run-id'))!;
    const messages = (await fx.reports.waitForItems(
      'observer',
      (items) => hasResult(items as ToWebview[], runId),
      `the result of run ${runId}`,
    )) as ToWebview[];
    const events = panelEvents(messages, runId);
    const result = events.find((e): e is ResultEvent => e.type === 'result')!;
    return { runId, events, result };
  }

  /** The sim's counters once it has no request in flight (or, after 30 s, as they are). */
  async function simSettled(): Promise<SimStats> {
    const deadline = Date.now() + 30_000;
    let stats = await fx.sim.stats();
    while (stats.inFlight + stats.queued > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      stats = await fx.sim.stats();
    }
    return stats;
  }

  const attr = (selector: string, name: string) => panel.locator(selector).first().getAttribute(name);

  test('Solve Selection from the palette: the panel shows difficulty, route, budget, candidates, steps, scores and the vote of the run', async () => {
    await openFile(page, 'algebra.ponder');
    await waitForPonder(page);
    await selectLine(page, 6); // "Compute: $1-2+3-4+5- \dots +99-100$."
    await runCommand(page, 'Ponder: Solve Selection');
    panel = await findWebviewFrame(page, EXTENSION_ID);
    const { events, result } = await shownRun();

    const difficulty = events.find((e) => e.type === 'difficulty');
    const route = events.find((e) => e.type === 'route');
    const started = events.find((e) => e.type === 'started');
    assert.ok(difficulty?.type === 'difficulty' && route?.type === 'route' && started?.type === 'started');
    assert.equal(await attr('[data-testid="difficulty"]', 'data-bin'), String(difficulty.bin));
    assert.equal(await attr('[data-testid="route"]', 'data-strategy'), route.strategy);
    assert.equal(await attr('[data-testid="budget-meter"]', 'data-generations'), String(result.usage.generations));
    assert.equal(await attr('[data-testid="budget-meter"]', 'data-budget'), String(started.budget));

    const candidateIds = new Set(events.flatMap((e) => (e.type === 'candidate' ? [e.id] : [])));
    assert.equal(await panel.locator('[data-testid="candidate"]').count(), candidateIds.size, 'one row per candidate');
    assert.equal(await panel.locator('[data-testid="vote"]').count(), result.votes.length, 'one row per answer in the vote');
    const topVote = [...result.votes].sort((a, b) => b.weight - a.weight)[0];
    assert.equal(await attr('[data-testid="vote"]', 'data-answer'), topVote.answer);
    assert.equal(await attr('[data-testid="run-answer"]', 'data-answer'), result.answer);

    // The detail view opens on the best candidate: its steps, their scores and its boxed answer.
    const best = result.bestCandidateId!;
    assert.equal(await attr('[data-testid="candidate-detail"]', 'data-candidate-id'), best);
    const final = events.find((e) => e.type === 'final' && e.candidateId === best);
    assert.equal(await attr('[data-testid="final-answer"]', 'data-answer'), final?.type === 'final' ? (final.answer ?? '') : '');
    const steps = events.filter((e) => e.type === 'step' && e.candidateId === best);
    assert.equal(await panel.locator(`[data-testid="step"][data-candidate-id="${best}"]`).count(), steps.length);
    const scores = events.flatMap((e) => (e.type === 'score' && e.candidateId === best ? [e.score] : []));
    const shownScores = await panel
      .locator(`[data-testid="step"][data-candidate-id="${best}"] [data-testid="step-score"]`)
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-score'))));
    assert.deepEqual(shownScores, scores);

    await (await panel.frameElement()).screenshot({ path: join(ARTIFACTS, 'panel-light.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'workbench-light.png') });
  });

  test('Solve with Strategy... (beam) shows the beam tree, and Solve with Budget... (4) spends at most 4', async () => {
    await selectLine(page, 14); // "How many positive whole-number divisors does 196 have?"
    await runCommand(page, 'Ponder: Solve with Strategy...');
    await pickQuickItem(page, 'beam');
    await panel.locator('[data-testid="route"][data-strategy="beam"]').waitFor({ timeout: 60_000 });
    const beam = await shownRun();
    const nodes = beam.events.filter((e) => e.type === 'candidate').length;
    assert.ok(nodes > 0);
    assert.equal(await panel.locator('[data-testid="beam-tree"]').count(), 1, 'a beam tree');
    assert.equal(await panel.locator('[data-testid="beam-tree"] [data-node-id]').count(), nodes, 'a tree node per candidate');
    const pruned = beam.events.filter((e) => e.type === 'pruned').length;
    assert.equal(
      await panel.locator('[data-testid="beam-tree"] [data-node-id][data-state="pruned"]').count(),
      pruned,
      'pruned nodes marked',
    );

    await runCommand(page, 'Ponder: Solve with Budget...');
    await pickQuickItem(page, '4');
    await panel.locator('[data-testid="budget-meter"][data-budget="4"]').waitFor({ timeout: 60_000 });
    const small = await shownRun();
    assert.ok(small.result.usage.generations <= 4, `${small.result.usage.generations} generations within 4`);
    assert.equal(await attr('[data-testid="budget-meter"]', 'data-generations'), String(small.result.usage.generations));
  });

  test('revisions show their chains', async () => {
    await selectLine(page, 6);
    await runCommand(page, 'Ponder: Solve with Strategy...');
    await pickQuickItem(page, 'revisions');
    await panel.locator('[data-testid="route"][data-strategy="revisions"]').waitFor({ timeout: 60_000 });
    const { events } = await shownRun();
    const chains = new Set(events.flatMap((e) => (e.type === 'candidate' && e.chain !== undefined ? [e.chain] : [])));
    assert.ok(chains.size > 0, 'the run had chains');
    assert.equal(await panel.locator('[data-testid="revision-chain"]').count(), chains.size);
  });

  test('the "Score steps" code lens puts each step\'s score into the editor as an inlay hint', async () => {
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Score steps' }).first().click();
    // Inlay hints are rendered as text in the editor's lines (with a non-breaking space, hence \s).
    const hints = page.locator('.monaco-editor .view-lines span', { hasText: /^score\s\d\.\d\d$/ });
    await hints.first().waitFor({ timeout: 60_000 });
    assert.ok((await hints.count()) >= 3, 'a hint per step of the solution');
  });

  test('Cancel in the panel stops a long run: partial result, fewer candidates finished than the budget, nothing left in flight', async () => {
    await selectLine(page, 26); // Problem 4, hard
    await runCommand(page, 'Ponder: Solve with Budget...');
    await pickQuickItem(page, '256');
    // Click once the main phase streams (a sample after the probe): with SIM_ARGS (capacity 16) the
    // 256 samples need about 16 waves, some 20 s, so the click lands mid-run even on a loaded machine.
    const running = panel.locator('main#ponder-app[data-status="running"]');
    await running.locator('[data-testid="candidate"]:has(.origin-sample) .cand-preview:not(:empty)').first().waitFor({ timeout: 60_000 });
    const runId = await running.getAttribute('data-run-id');
    await panel.locator('[data-testid="cancel-run"]:not([hidden])').click();
    await panel.locator('main#ponder-app[data-status="done"], main#ponder-app[data-status="partial"]').waitFor({ timeout: 60_000 });
    const { runId: shownId, events, result } = await shownRun();
    assert.equal(shownId, runId, 'the panel still shows the cancelled run');
    assert.equal(result.partial, true, 'the run ended as partial (not done: the click landed after the run had finished)');
    assert.equal(await attr('[data-testid="run-status"]', 'data-status'), 'partial');
    // The engine reserves (and may request) all 256 generations at once, so usage counts requests;
    // what a cancel saves is the candidates that never finished.
    const finished = events.filter((e) => e.type === 'final').length;
    assert.ok(finished < 256, `${finished} of 256 candidates finished (${result.usage.generations} generations requested)`);
    const stats = await simSettled();
    assert.equal(stats.inFlight + stats.queued, 0, `the sim still serves ${stats.inFlight} requests with ${stats.queued} sequences queued`);
  });

  test('dark and high-contrast themes: screenshots of the panel', async () => {
    // Back to the first run, through the run switcher.
    const switcher = panel.locator('[data-testid="run-switcher"]');
    const options = await switcher
      .locator('option')
      .evaluateAll((nodes) => nodes.map((n) => ({ value: n.getAttribute('value') ?? '', label: n.textContent ?? '' })));
    const first = options.find((o) => o.label.startsWith('#1 '));
    assert.ok(first, `a run #1 among ${options.map((o) => o.label).join(' | ')}`);
    await switcher.selectOption(first.value);
    await panel.locator('main#ponder-app[data-status="done"]').waitFor();
    for (const [theme, file, bodyClass] of [
      ['Dark Modern', 'panel-dark.png', 'vscode-dark'],
      ['Dark High Contrast', 'panel-high-contrast.png', 'vscode-high-contrast'],
    ] as const) {
      await runCommand(page, 'Preferences: Color Theme');
      await pickQuickItem(page, theme);
      await panel.locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
      await (await panel.frameElement()).screenshot({ path: join(ARTIFACTS, file) });
    }
  });

  test('a language server crash: the panel says so, keeps its runs, and recovers after the restart', async () => {
    const runsBefore = await panel.locator('[data-testid="run-switcher"] option').count();
    const servers = groupProcesses(fx.codeServer.process.pid!, join(ROOT, 'dist', 'server.js'));
    assert.equal(servers.length, 1, `one language server (found ${servers.join(', ') || 'none'})`);
    // The client restarts the server at once, so the banner may say "crashed" only briefly: record
    // every state it shows.
    // (Browser-side code as strings: this file is type-checked without the DOM library.)
    await panel.evaluate(`(() => {
      const banner = document.querySelector('[data-testid="server-state"]');
      window.ponderBannerStates = [];
      new MutationObserver(() => window.ponderBannerStates.push(banner.dataset.state + ':' + banner.textContent))
        .observe(banner, { attributes: true, childList: true, subtree: true });
    })()`);
    process.kill(servers[0], 'SIGKILL');
    // (waitForFunction would evaluate a string in the page, which the panel's CSP rightly forbids.)
    const deadline = Date.now() + 60_000;
    let shown: string[] = [];
    while (!(shown.some((s) => s.startsWith('crashed:')) && shown[shown.length - 1]?.startsWith('running:'))) {
      assert.ok(Date.now() < deadline, `the banner did not go crashed -> running within 60 s (${shown.join(' | ')})`);
      await new Promise((r) => setTimeout(r, 100));
      shown = (await panel.evaluate('window.ponderBannerStates')) as string[];
    }
    assert.ok(
      shown.some((s) => /^crashed:.*crashed.*kept/.test(s)),
      `the banner said the server crashed and the runs are kept (${shown.join(' | ')})`,
    );
    assert.equal(await panel.locator('[data-testid="run-switcher"] option').count(), runsBefore, 'the runs are still listed');
    assert.equal(await panel.locator('[data-testid="final-answer"]').count(), 1, 'the shown run is still there');
    assert.equal(groupProcesses(fx.codeServer.process.pid!, join(ROOT, 'dist', 'server.js')).length, 1, 'a new language server runs');
  });
});
