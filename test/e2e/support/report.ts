// Helpers of the evaluation-report test: the tables of a report.md as text, and the workbench's
// folder dialog (code-server's simple file dialog: a quick input holding a path).
import type { Locator, Page } from 'playwright-core';

/** The text a reader sees of inline Markdown: `code` and **bold** without their marks. */
function plainText(cell: string): string {
  return cell.replace(/`([^`]+)`/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1');
}

/** Each pipe table of a Markdown text as rows of cell texts (header first, the --- row left out). */
export function markdownTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (/^\|(\s*:?-{3,}:?\s*\|)+$/.test(line)) continue;
    if (!current) tables.push((current = []));
    current.push(
      line
        .slice(1, line.endsWith('|') ? -1 : undefined)
        .split(' | ')
        .map((cell) => plainText(cell.trim())),
    );
  }
  return tables;
}

/** Types a folder's path into the open folder dialog and presses its accept button (`openLabel`). */
export async function pickFolderInDialog(page: Page, folder: string, openLabel: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const accept = page.locator('.quick-input-widget .monaco-button', { hasText: openLabel });
  // The command palette that ran the command is the same widget: wait for the dialog's own button, or the
  // path would be typed into the palette on a slow machine.
  await accept.waitFor({ state: 'visible', timeout: 60_000 });
  // The dialog then inserts its starting folder at the cursor; a path typed before that ends up behind it
  // (seen under load: "/tmp/ws//tmp/ws/eval-report/", "The path does not exist"). Wait for it first.
  await waitForValue(input, (value) => value !== '', "the folder dialog's starting folder", 60_000);
  // That value comes before the dialog has listed its starting folder; when the listing arrives, a value that
  // differs from the folder gets the folder inserted at the cursor (simpleFileDialog.ts, updateItems with
  // force). The listing's first row is ".." (the folder's parent, createBackItem): once it shows, typing is safe.
  await page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: /^\.\.$/ }) })
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 })
    .catch((error: Error) => {
      throw new Error(`the folder dialog never listed its starting folder (no ".." row): ${error.message}`);
    });
  // With a trailing slash the dialog goes into the folder; the button then picks it.
  const path = folder.endsWith('/') ? folder : folder + '/';
  await input.fill(path);
  await waitForValue(input, (value) => value === path, `the folder dialog to hold ${path}`, 30_000);
  // An accept that arrives before the dialog has followed the typed path into its folder only finishes that
  // navigation, and the dialog stays open (VS Code's simpleFileDialog: onDidAccept -> updateItems, "return"),
  // as a user's too-early click would. Seen under load: the dialog listed eval-report/ and stayed open. So the
  // button is pressed again, as that user would, until the dialog closes, while it still holds the path.
  const deadline = Date.now() + 60_000;
  for (let presses = 1; ; presses++) {
    await accept.click();
    const closed = await input.waitFor({ state: 'hidden', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (closed || (await input.isHidden())) return;
    const value = await input.inputValue();
    if (value !== path || Date.now() > deadline)
      throw new Error(`the folder dialog stayed open after ${presses} presses of ${openLabel}; the input holds ${JSON.stringify(value)}`);
  }
}

/** Polls an input's value (the workbench's CSP rules out waitForFunction) until `holds`, or says what it holds. */
async function waitForValue(input: Locator, holds: (value: string) => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await input.inputValue();
  while (!holds(value)) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; the input holds ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await input.inputValue();
  }
}
