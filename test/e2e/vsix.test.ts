// The packaged extension: `vsce package` builds the .vsix from the esbuild bundles, code-server installs
// it with --install-extension, and, with no development path, the installed extension activates in the
// workbench and solves a problem against ponder sim.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/sim';
import {
  findWebviewFrame,
  openFile,
  runCommand,
  screenshotOnFailure,
  selectLine,
  waitForPonder,
  waitForWorkbench,
} from './support/browser';
import packageJson from '../../package.json';
import { installExtension } from './support/codeServer';
import { ARTIFACTS, startFixture, type Fixture } from './support/fixture';
import { openWorkbench } from './support/hostSuite';
import { groupProcesses } from './support/processes';

const VERSION = packageJson.version;

describe('the packaged .vsix in code-server', { timeout: 10 * 60_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ponder-e2e-vsix-'));
  const vsix = join(scratch, `ponder-${VERSION}.vsix`);
  const extensionsDir = join(scratch, 'extensions');
  let fx: Fixture;
  let page: Page;

  before(() => mkdirSync(extensionsDir));
  after(async () => {
    await page?.close();
    await fx?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('vsce packages the bundles into a small .vsix', () => {
    // The bundles `npm test` just built; `npm run package` does the same after a production build.
    const vsce = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--out',
        vsix,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(vsce.status, 0, `vsce package failed:\n${vsce.stdout}\n${vsce.stderr}`);
    const size = statSync(vsix).size;
    process.stderr.write(`  .vsix size: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)\n`);
    assert.ok(size < 15 * 1024 * 1024, `the .vsix is ${size} bytes; node_modules must not be inside`);
    const listing = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(listing.status, 0, listing.stderr);
    const files = listing.stdout.split('\n').filter(Boolean);
    assert.ok(
      files.includes('dist/extension.js') && files.includes('dist/server.js') && files.includes('dist/webview.js'),
      'the three bundles are packaged',
    );
    assert.deepEqual(
      files.filter((f) => f.startsWith('node_modules/') || f.startsWith('src/') || f.startsWith('test/')),
      [],
      'no sources or dependencies',
    );
  });

  test('code-server --install-extension installs it; it activates and solves a problem', async () => {
    await installExtension(vsix, extensionsDir);
    assert.ok(
      readdirSync(extensionsDir).some((name) => name.startsWith(`ponder.ponder-${VERSION}`)),
      `installed into ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`,
    );
    fx = await startFixture({ suites: [], codeServer: { extensionsDir } });
    // No extensionDevelopmentPath: the only Ponder in this workbench is the installed one.
    page = await openWorkbench({ browser: fx.browser, serverUrl: fx.codeServer.url, folder: fx.workspace });
    mkdirSync(ARTIFACTS, { recursive: true });
    await screenshotOnFailure(page, join(ARTIFACTS, 'failure-vsix.png'), async () => {
      await waitForWorkbench(page);
      await openFile(page, 'algebra.ponder');
      await waitForPonder(page);
      await selectLine(page, 14);
      await runCommand(page, 'Ponder: Solve Selection');
      const panel = await findWebviewFrame(page, 'ponder.ponder');
      await panel.locator('main#ponder-app[data-status="done"]').waitFor({ timeout: 90_000 });
      const answer = await panel.locator('[data-testid="run-answer"]').getAttribute('data-answer');
      assert.ok(answer, 'the run has an answer');
      const installed = readdirSync(extensionsDir).find((name) => name.startsWith('ponder.ponder-'))!;
      const servers = groupProcesses(fx.codeServer.process.pid!, join(extensionsDir, installed, 'dist', 'server.js'));
      assert.equal(servers.length, 1, 'the language server runs from the installed extension');
    });
  });
});
