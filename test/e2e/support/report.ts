// Helpers of the evaluation-report test: the tables of a report.md as text, and the workbench's
// folder dialog (code-server's simple file dialog: a quick input holding a path).
import type { Page } from 'playwright-core';

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
  // With a trailing slash the dialog goes into the folder; the button then picks it.
  await input.fill(folder.endsWith('/') ? folder : folder + '/');
  await accept.click();
  await input.waitFor({ state: 'hidden', timeout: 60_000 });
}
