// Debian's Chromium driven by playwright-core, and helpers that use the workbench the way a person does.
import type { Frame, Page } from 'playwright-core';

export { CHROMIUM, launchChromium as launchBrowser } from '../../helpers/chromium';

export type Payload = Array<[string, string]>;

/** The workbench URL for a folder, with an optional extension-development payload. */
export function workbenchUrl(serverUrl: string, folder: string, payload?: Payload): string {
  const url = new URL(serverUrl);
  url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** `vscode-remote://` URI of a path on the code-server machine, as the payload expects. */
export function remotePath(serverUrl: string, path: string): string {
  return `vscode-remote://${new URL(serverUrl).host}${path}`;
}

/** Waits until the workbench has laid out its parts and the status bar is showing. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
}

/** The quick-input row whose label is exactly `label` (its aria-label may add ", keybinding" or ", group"); `state` ".focused" for the row in focus. */
function quickInputRow(page: Page, label: string, state = '') {
  const quoted = JSON.stringify(label);
  const withSuffix = JSON.stringify(label + ', ');
  const row = `.quick-input-list .monaco-list-row${state}`;
  return page.locator(`${row}[aria-label=${quoted}], ${row}[aria-label^=${withSuffix}]`).first();
}

/**
 * Opens the command palette and runs the command with this exact label (e.g. "Ponder: Show Panel").
 * The palette lists what was registered when it opened, so on a busy machine it is reopened until
 * the command shows up.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input.input');
  const row = quickInputRow(page, label);
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill('>' + label);
    try {
      await row.waitFor({ state: 'visible', timeout: Math.min(10_000, Math.max(1, deadline - Date.now())) });
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await row.click();
}

/** Waits until Ponder's status bar item shows (the extension has activated). */
export async function waitForPonder(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.statusbar-item[id="ponder.ponder.ponder.status"]').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Picks an item in the quick pick that is open (e.g. a budget in "Solve with Budget..."). */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const row = quickInputRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/** The inner frame of the webview whose URL carries this extension id (`iframe.webview` > `#active-frame`). */
export async function findWebviewFrame(page: Page, extensionId: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const parent = frame.parentFrame();
      if (frame.name() === 'active-frame' || frame.url().includes('fake.html')) {
        if (parent && decodeURIComponent(parent.url()).includes(extensionId)) return frame;
      }
    }
    if (Date.now() > deadline)
      throw new Error(
        `no webview of ${extensionId} appeared within ${timeoutMs} ms; frames: ${page
          .frames()
          .map((f) => f.url())
          .join(', ')}`,
      );
    await page.waitForEvent('frameattached', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
  }
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P), as a person would, and waits for its tab to be active.
 * The row is chosen with Enter once it is the focused one (a click can land on a row that the file search
 * re-renders under the pointer). If the workbench loses the gesture (the picker closes without opening the
 * file, as when another editor takes the focus), the gesture is made again until `timeoutMs`.
 */
export async function openFile(page: Page, name: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input.input');
  const tab = page.locator(`.tab.active[aria-label*=${JSON.stringify(name)}]`);
  const left = () => Math.max(1, deadline - Date.now());
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: Math.min(30_000, left()) });
      await input.fill(name);
      await quickInputRow(page, name).waitFor({ state: 'visible', timeout: Math.min(30_000, left()) });
      // Enter opens the focused row; if no matching row gets the focus, the tab check below says what was seen.
      await quickInputRow(page, name, '.focused')
        .waitFor({ state: 'visible', timeout: Math.min(30_000, left()) })
        .catch(() => undefined);
      await page.keyboard.press('Enter');
      await tab.waitFor({ state: 'visible', timeout: Math.min(30_000, left()) });
      return;
    } catch (error) {
      const seen = await describeWorkbench(page);
      if (Date.now() >= deadline)
        throw new Error(`the tab of ${name} did not become active after ${attempt} tries of Quick Open; ${seen}`, { cause: error });
      console.error(`openFile(${name}), try ${attempt}: ${seen}; trying again`);
      if (await input.isVisible()) await page.keyboard.press('Escape');
    }
  }
}

/** What the workbench shows (each group's active tab, and Quick Open's focused row), for failure messages. */
async function describeWorkbench(page: Page): Promise<string> {
  const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused').first();
  const tabs = await page
    .locator('.tab.active')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')))
    .catch(() => []);
  const open = await page
    .locator('.quick-input-widget input.input')
    .isVisible()
    .catch(() => false);
  const row = open ? await focusedRow.getAttribute('aria-label', { timeout: 1_000 }).catch(() => null) : null;
  return `active tabs: ${JSON.stringify(tabs)}; Quick Open ${open ? `open, focused row: ${JSON.stringify(row)}` : 'closed'}`;
}

/** Moves the cursor to a line (1-based) with Go to Line (Ctrl+G) and selects the whole line. */
export async function selectLine(page: Page, line: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(':' + line); // Go to Line is Quick Open with a ':' prefix
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
}

/** Waits for a notification toast whose message matches `text`. */
export async function waitForNotification(page: Page, text: RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.textContent()) ?? '';
}

/** Types into the open input box (e.g. of "Set API Key...") and presses Enter. */
export async function typeIntoInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  // A quick pick that led here is the same widget until the input box replaces it: wait for its rows to go.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ state: 'hidden', timeout: 60_000 });
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Runs `fn`; if it throws, saves a screenshot of the page under `dir` first (for CI artefacts). */
export async function screenshotOnFailure<T>(page: Page, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await page.screenshot({ path }).catch(() => undefined);
    throw error;
  }
}
