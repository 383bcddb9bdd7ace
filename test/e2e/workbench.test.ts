// Ponder in the real VS Code workbench: code-server 4.100.3 (VS Code 1.100) with the extension loaded
// from this repository, its language server talking to `ponder sim`, driven by Debian's Chromium.
// Fails (never skips) when code-server or Chromium is missing: run scripts/setup.sh.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../helpers/sim';
import { startFixture, type Fixture } from './support/fixture';
import { runHostSuite } from './support/hostSuite';

describe('Ponder in the real VS Code workbench (code-server)', { timeout: 10 * 60_000 }, () => {
  let fx: Fixture;

  before(async () => {
    fx = await startFixture({ suites: ['main'] });
  });

  after(async () => {
    await fx?.stop();
  });

  test('extension-host suite: activation, commands, settings, solving, scoring, cancel, crash', async (t) => {
    const { outcomes, page } = await runHostSuite({
      browser: fx.browser,
      serverUrl: fx.codeServer.url,
      reports: fx.reports,
      suite: 'main',
      folder: fx.workspace,
      extensionDevelopmentPath: ROOT,
    });
    await page.close();
    assert.ok(outcomes.length > 0, 'the suite reported no tests');
    for (const outcome of outcomes) {
      await t.test(outcome.name, () => {
        if (!outcome.ok) assert.fail(outcome.error);
      });
    }
  });
});
