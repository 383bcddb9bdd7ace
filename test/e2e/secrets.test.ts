// API keys: "Set API Key..." stores the key in SecretStorage, the language server gets it through
// `ponder/setSecrets` and sends it to the configured endpoint, and it appears in no settings file, log,
// trace (at `ponder.trace.server: verbose`) or panel message; a workspace whose settings point
// `ponder.policy.url` at another host never sends that host the key.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { ToWebview } from '../../src/shared/messages';
import { ROOT } from '../helpers/sim';
import {
  findWebviewFrame,
  openFile,
  pickQuickItem,
  runCommand,
  screenshotOnFailure,
  selectLine,
  typeIntoInputBox,
  waitForNotification,
  waitForPonder,
  waitForWorkbench,
} from './support/browser';
import { ARTIFACTS, copySamples, startFixture, type Fixture } from './support/fixture';
import { openWorkbench, runHostSuite } from './support/hostSuite';
import { groupProcesses } from './support/processes';
import { describeRequests, startOtherHost, startRecordingProxy, type RecordedRequest, type RecordingHost } from './support/recordingHost';

const KEY = `sk-ponder-e2e-${Date.now().toString(36)}-do-not-leak`;

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) hits.push(...filesContaining(path, needle));
    else if (stat.isFile() && readFileSync(path).includes(needle)) hits.push(path);
  }
  return hits;
}

/** Fails naming every request in `calls` that lacks the key: its path, model and sender, and the language servers running. */
async function assertAllCarryKey(
  proxy: RecordingHost,
  calls: readonly RecordedRequest[],
  codeServerPid: number,
  what: string,
): Promise<void> {
  const without = calls.filter((c) => c.authorization !== `Bearer ${KEY}`);
  if (without.length === 0) return;
  await proxy.sendersKnown();
  const servers = groupProcesses(codeServerPid, join(ROOT, 'dist', 'server.js'));
  assert.fail(
    `${what}: ${without.length} of ${calls.length} requests lack the key:\n${describeRequests(without)}\nlanguage servers running: ${servers.join(', ')}`,
  );
}

/** Waits until the proxy records a request after index `since` that `matches`; fails saying what it saw. */
async function waitForRequest(
  proxy: RecordingHost,
  since: number,
  matches: (r: RecordedRequest) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!proxy.requests.slice(since).some(matches)) {
    if (Date.now() > deadline)
      assert.fail(
        `no request for ${what} within ${timeoutMs / 1000} s; the proxy saw:\n${describeRequests(proxy.requests.slice(since)) || '(nothing)'}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function filesNamed(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => pattern.test(p))
    .map((p) => join(dir, p));
}

describe('API keys in the real workbench (code-server)', { timeout: 10 * 60_000 }, () => {
  let fx: Fixture;
  let proxy: RecordingHost;
  let other: RecordingHost;
  let context: BrowserContext;
  let page: Page;
  let foreignWorkspace: string;

  before(async () => {
    other = await startOtherHost();
    fx = await startFixture({
      suites: ['observer', 'foreign'],
      // The user's own endpoint is a recording proxy in front of the sim; the trace logs every message's params.
      userSettings: () => ({ 'ponder.policy.url': `${proxy.origin}/v1`, 'ponder.trace.server': 'verbose' }),
      beforeCodeServer: async (sim) => {
        proxy = await startRecordingProxy(sim.origin);
      },
    });
    foreignWorkspace = copySamples();
    mkdirSync(join(foreignWorkspace, '.vscode'));
    writeFileSync(
      join(foreignWorkspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'ponder.policy.url': `${other.origin}/v1`, 'ponder.verifier.url': other.origin }, null, 2),
    );
    // One browser context for both windows, so they share the workbench's storage as one user's browser does.
    context = await fx.browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await openWorkbench({
      browser: context,
      serverUrl: fx.codeServer.url,
      suite: 'observer',
      folder: fx.workspace,
      extensionDevelopmentPath: ROOT,
    });
    await waitForWorkbench(page);
    await fx.reports.waitForWatching('observer', 120_000);
  });

  after(async () => {
    await context?.close();
    await fx?.stop();
    await proxy?.close();
    await other?.close();
    if (foreignWorkspace) rmSync(foreignWorkspace, { recursive: true, force: true });
  });

  test('Set API Key... stores the key; the server gets it through ponder/setSecrets and sends it to the configured endpoint only', async () => {
    await runCommand(page, 'Ponder: Set API Key...');
    await pickQuickItem(page, 'Policy endpoint (ponder.policy.url)');
    await typeIntoInputBox(page, KEY);
    await waitForNotification(page, /API key for the Policy endpoint .* is stored/);

    const before = proxy.requests.length;
    await openFile(page, 'algebra.ponder');
    await selectLine(page, 6);
    await runCommand(page, 'Ponder: Solve Selection');
    const panel = await findWebviewFrame(page, 'ponder.ponder');
    await panel.locator('main#ponder-app[data-status="done"]').waitFor({ timeout: 60_000 });

    // A capability probe begun before the key existed may land after it (at most 8 tokens): the run's own calls are the rest.
    const policyCalls = proxy.requests
      .slice(before)
      .filter((r) => (r.path.startsWith('/v1/chat/completions') || r.path.startsWith('/v1/completions')) && (r.maxTokens ?? 0) > 8);
    assert.ok(policyCalls.length > 0, 'the run called the policy through the proxy');
    await assertAllCarryKey(proxy, policyCalls, fx.codeServer.process.pid!, 'the run carries the key');
    assert.equal(await panel.locator('html').evaluate((e) => e.outerHTML.includes('sk-ponder-e2e-')), false, 'the key is not in the panel');
  });

  test('the key is in no settings file, log, verbose trace or panel message', async () => {
    const messages = (await fx.reports.release('observer', 30_000)) as null;
    assert.equal(messages, null);
    const posted = (await fx.reports.waitForItems('observer', (items) => items.length > 0, 'messages posted to the panel')) as ToWebview[];
    assert.ok(
      posted.some((m) => m.type === 'runEvents' || m.type === 'restoreRuns'),
      'the panel was sent the run',
    );
    assert.equal(JSON.stringify(posted).includes(KEY), false, 'no message to the panel holds the key');

    const traces = filesNamed(fx.codeServer.userDataDir, /Ponder Language Server Trace\.log$/);
    assert.equal(traces.length, 1, 'the verbose trace was written to a log file');
    const trace = readFileSync(traces[0], 'utf8');
    assert.match(trace, /Sending notification 'ponder\/setSecrets'/, 'the trace logged the setSecrets notification');
    assert.match(trace, /"policyApiKey": "\[redacted\]"/, 'with its params redacted');
    assert.match(trace, /Sending request 'ponder\/solve - \(\d+\)'/, 'and the rest of the traffic');

    const leaks = [...filesContaining(fx.codeServer.userDataDir, KEY), ...filesContaining(fx.workspace, KEY)];
    assert.deepEqual(leaks, [], 'files under the user data folder (settings, logs, state) and the workspace that hold the key');
  });

  test("in a workspace whose settings point the endpoint URLs at another host, the extension sees the user's URLs", async () => {
    const { outcomes, page: hostPage } = await runHostSuite({
      browser: context,
      serverUrl: fx.codeServer.url,
      reports: fx.reports,
      suite: 'foreign',
      folder: foreignWorkspace,
      extensionDevelopmentPath: ROOT,
    });
    await hostPage.close();
    assert.ok(outcomes.length > 0);
    for (const outcome of outcomes) assert.ok(outcome.ok, `${outcome.name}: ${outcome.error}`);
  });

  test('a workspace whose settings point ponder.policy.url at another host: VS Code ignores it, and that host never gets the key', async () => {
    const foreign = await openWorkbench({
      browser: context,
      serverUrl: fx.codeServer.url,
      folder: foreignWorkspace,
      extensionDevelopmentPath: ROOT,
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    try {
      await screenshotOnFailure(foreign, join(ARTIFACTS, 'failure-foreign-workspace.png'), async () => {
        const sinceOpened = proxy.requests.length;
        await waitForWorkbench(foreign);
        await openFile(foreign, 'algebra.ponder');
        await waitForPonder(foreign);
        // The user's endpoint URLs are machine-scoped (remote machine settings in code-server, see
        // makeUserDataDir); the language server probes the endpoint once its settings arrive: wait for it there.
        await waitForRequest(
          proxy,
          sinceOpened,
          (r) => r.path.endsWith('/models'),
          "this window's language server reaching the user's endpoint",
        );
        // code-server's web workbench keeps SecretStorage in the window's memory (there is no OS keychain
        // in a browser), so this window needs the key set too.
        await runCommand(foreign, 'Ponder: Set API Key...');
        await pickQuickItem(foreign, 'Policy endpoint (ponder.policy.url)');
        await typeIntoInputBox(foreign, KEY);
        await waitForNotification(foreign, /API key for the Policy endpoint .* is stored/);
        const before = proxy.requests.length;
        await selectLine(foreign, 14);
        await runCommand(foreign, 'Ponder: Solve Selection');
        const panel = await findWebviewFrame(foreign, 'ponder.ponder');
        await panel.locator('main#ponder-app[data-status="done"]').waitFor({ timeout: 60_000 });
        assert.equal(other.requests.length, 0, `the other host received no request at all, got:\n${describeRequests(other.requests)}`);
        const calls = proxy.requests.slice(before).filter((r) => r.path.includes('completions'));
        assert.ok(calls.length > 0, "the run went to the user's own endpoint");
        // This window's server probes the endpoint's capabilities (one-token requests) as soon as it starts,
        // before the key exists; under load such a probe can land after the key is set. It goes to the
        // user's own host and its answer dies with the engine the key change replaced, so only the run's
        // requests must carry the key.
        // The capability probes ask for at most 8 tokens; the run's generations for many more.
        const runCalls = calls.filter((c) => (c.maxTokens ?? 0) > 8);
        assert.ok(runCalls.length > 0, 'the run itself reached the proxy');
        await assertAllCarryKey(proxy, runCalls, fx.codeServer.process.pid!, 'with the key from SecretStorage');
      });
    } finally {
      await foreign.close();
    }
  });
});
