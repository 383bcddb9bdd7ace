// The page of "Ponder: Open Evaluation Report": a `ponder eval --out DIR` folder's report.md rendered by
// markdown-it into a page with no script. Pure (no vscode import), so it is tested in Node. Raw HTML in
// the Markdown is shown as text, links markdown-it deems unsafe (javascript:, data:, ...) stay text, and
// a plot is an <img> of an .svg file inside the folder: an SVG loaded as an image runs no script and
// loads nothing, so it needs no sanitiser.
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { buildStaticPageHtml, escapeHtml } from '../shared/panelHtml';

export const REPORT_FILE = 'report.md';

export interface ReportPageOptions {
  /** `webview.cspSource`: where the style sheet and the plots are loaded from. */
  cspSource: string;
  /** media/report.css as a webview URI. */
  styleUri: string;
  /** The eval folder, the only place plots are read from. */
  folder: string;
  /** The text of the folder's report.md. */
  markdown: string;
  /** A plot file's path (inside `folder`) as a webview URI (`webview.asWebviewUri`). */
  plotUri(path: string): string;
}

/** The file an image target names, if it is an existing .svg inside `folder` (symbolic links resolved); else undefined. */
export function plotPath(folder: string, target: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return undefined;
  }
  // A URL with a scheme (https:, file:, data:...) is never a plot of this folder.
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || !decoded.toLowerCase().endsWith('.svg')) return undefined;
  const path = resolve(folder, decoded);
  if (!existsSync(path)) return undefined;
  const inside = relative(realpathSync(folder), realpathSync(path));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? path : undefined;
}

/** A markdown-it for report.md: no raw HTML, its default link validation, plots as <img> in a <figure>. */
function reportMarkdown(folder: string, plotUri: (path: string) => string): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // A column's alignment as a class: the CSP (no 'unsafe-inline') would block markdown-it's style attribute.
  md.core.ruler.push('ponder_align_classes', (state) => {
    for (const token of state.tokens) {
      const align = /^text-align:(left|center|right)$/.exec(token.attrGet('style') ?? '');
      if (!align) continue;
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      token.attrSet('class', `align-${align[1]}`);
    }
  });
  // A paragraph that is one image becomes a figure (a <figure> may not sit inside a <p>).
  md.core.ruler.push('ponder_figures', (state) => {
    const tokens = state.tokens;
    for (let i = 1; i + 1 < tokens.length; i++) {
      const children = tokens[i].children;
      if (tokens[i].type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || children?.length !== 1 || children[0].type !== 'image')
        continue;
      tokens[i - 1].hidden = true;
      tokens[i + 1].hidden = true;
      children[0].meta = { figure: true };
    }
  });
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const target = token.attrGet('src') ?? '';
    const figure = (token.meta as { figure?: boolean } | null)?.figure === true;
    const path = plotPath(folder, target);
    if (!path) return figure ? `<p>[missing plot: ${escapeHtml(alt)}]</p>\n` : `[missing plot: ${escapeHtml(alt)}]`;
    const img = `<img src="${escapeHtml(plotUri(path))}" alt="${escapeHtml(alt)}">`;
    return figure ? `<figure data-plot="${escapeHtml(target)}">${img}<figcaption>${escapeHtml(alt)}</figcaption></figure>\n` : img;
  };
  return md;
}

/** report.md as an HTML fragment: every text escaped, images resolved as in `plotPath`. */
export function reportBody(folder: string, markdown: string, plotUri: (path: string) => string): string {
  return reportMarkdown(folder, plotUri).render(markdown);
}

/** The whole page: the static-page skeleton and CSP (images from `cspSource` only), the report as its body. */
export function reportPageHtml(options: ReportPageOptions): string {
  return buildStaticPageHtml({
    cspSource: options.cspSource,
    styleUri: options.styleUri,
    title: `Evaluation report: ${options.folder}`,
    mainAttributes: 'class="report" data-testid="evaluation-report"',
    body: reportBody(options.folder, options.markdown, options.plotUri),
    images: true,
  });
}
