// npm run test:electron: the extension-host suite of test/e2e/host/main.ts (the same module the
// code-server driver loads) run by @vscode/test-electron in a downloaded desktop VS Code, against
// `ponder sim`. For machines that can download VS Code (most CI); offline, use
// `node scripts/test.mjs test/e2e/workbench.test.ts`, which runs this suite in code-server.
// Env: PONDER_VSCODE_VERSION (default: stable), PONDER_VSCODE_EXECUTABLE (an installed VS Code: no download).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { ROOT, startSim } from '../helpers/sim';
import { makeUserDataDir } from '../e2e/support/codeServer';
import { SIM_ARGS, copySamples, requireBuild, simUserSettings } from '../e2e/support/fixture';
import { HOST_OUT, bundleHostSuites } from '../e2e/support/hostSuite';

const SUITE = 'main';
const DOWNLOAD_TIMEOUT_MS = 15_000;

/** The VS Code to test in: the given executable, or a download (test-electron caches it in .vscode-test/). */
async function vscodeExecutable(): Promise<string> {
  const given = process.env.PONDER_VSCODE_EXECUTABLE;
  if (given) return given;
  const version = process.env.PONDER_VSCODE_VERSION ?? 'stable';
  try {
    return await downloadAndUnzipVSCode({ version, timeout: DOWNLOAD_TIMEOUT_MS, cachePath: join(ROOT, '.vscode-test') });
  } catch (error) {
    throw new Error(
      `test:electron: cannot download VS Code ${version} (${error instanceof Error ? error.message : String(error)}). ` +
        'This runner needs access to update.code.visualstudio.com, or PONDER_VSCODE_EXECUTABLE set to an installed VS Code. ' +
        'Offline, run the same suite in code-server: node scripts/test.mjs test/e2e/workbench.test.ts',
    );
  }
}

async function main(): Promise<number> {
  requireBuild();
  const executable = await vscodeExecutable();
  await bundleHostSuites([SUITE]);
  const sim = await startSim(SIM_ARGS);
  const workspace = copySamples();
  const userDataDir = makeUserDataDir(simUserSettings(sim));
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(HOST_OUT, SUITE),
      extensionTestsEnv: { PONDER_E2E_POLICY_URL: sim.url, PONDER_E2E_SIM_ORIGIN: sim.origin },
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--disable-extensions', '--skip-welcome'],
    });
    return 0;
  } finally {
    await sim.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
