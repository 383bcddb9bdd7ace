import type { PanelInitialState } from './messages';

/** Everything the panel's HTML refers to; the extension passes `webview.asWebviewUri(...)` strings. */
export interface PanelHtmlOptions {
  /** `webview.cspSource`: the only origin styles, fonts and images may come from. */
  readonly cspSource: string;
  /** A fresh random nonce per load (from `crypto.randomBytes`, base64); allows only our script. */
  readonly nonce: string;
  /** The bundled panel script, `dist/webview.js`. */
  readonly scriptUri: string;
  /** `media/panel.css` and any other style sheets, applied after KaTeX's. */
  readonly styleUris: readonly string[];
  /** `media/katex/katex.min.css`; its fonts resolve relative to it. */
  readonly katexCssUri: string;
  readonly initialState?: PanelInitialState;
  readonly title?: string;
}

/** The attribute on `<body>` that carries the initial state as escaped JSON. */
export const INITIAL_STATE_ATTRIBUTE = 'data-ponder-initial-state';

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;
/** One token of `webview.cspSource`, a space-separated list: `'self'` or a scheme/host source (code-server 4.100 gives `'self' https://*.vscode-cdn.net`). */
const CSP_SOURCE = /^(?:'self'|[^\s;,'"<>]+)$/;

/**
 * The Content Security Policy of the panel: nothing by default, our one script by nonce, styles and
 * fonts from the extension only. KaTeX sets its inline styles through the DOM (`katex.render`),
 * which this policy allows, so no `'unsafe-inline'` is needed.
 */
export function panelCsp(cspSource: string, nonce: string): string {
  checkCspSource(cspSource);
  if (!NONCE.test(nonce))
    throw new Error('panelHtml: the nonce must be at least 16 base64 characters (use crypto.randomBytes(16).toString("base64"))');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function checkCspSource(cspSource: string): void {
  if (!cspSource.split(' ').every((token) => CSP_SOURCE.test(token)))
    throw new Error(`panelHtml: cspSource ${JSON.stringify(cspSource)} is not a list of CSP sources ('self' or hosts)`);
}

/** The policy of a page with no script at all (the evaluation report, Check Endpoints): our style sheet only, and images from `cspSource` when `images`. */
export function staticPageCsp(cspSource: string, images = false): string {
  checkCspSource(cspSource);
  return `default-src 'none'; style-src ${cspSource}` + (images ? `; img-src ${cspSource}` : '');
}

export interface StaticPageOptions {
  cspSource: string;
  styleUri: string;
  title: string;
  /** Attributes of the page's <main> element, already escaped (e.g. `class="report" data-testid="..."`). */
  mainAttributes: string;
  /** The page's HTML, every untrusted part already escaped. */
  body: string;
  /** Allow <img> from `cspSource` (the report's plots, which the webview's localResourceRoots confine). */
  images?: boolean;
}

/** A whole script-free page. Pure: the same options give the same string. */
export function buildStaticPageHtml(options: StaticPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(staticPageCsp(options.cspSource, options.images))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
    <title>${escapeHtml(options.title)}</title>
  </head>
  <body>
    <main ${options.mainAttributes}>
${options.body}
    </main>
  </body>
</html>
`;
}

/** Escapes text for a double-quoted HTML attribute or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The panel's whole HTML document. Pure: the same options give the same string. */
export function buildPanelHtml(options: PanelHtmlOptions): string {
  const csp = panelCsp(options.cspSource, options.nonce);
  const styles = [options.katexCssUri, ...options.styleUris]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n    ');
  const state =
    options.initialState === undefined ? '' : ` ${INITIAL_STATE_ATTRIBUTE}="${escapeHtml(JSON.stringify(options.initialState))}"`;
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(options.title ?? 'Ponder')}</title>
  </head>
  <body${state}>
    <main id="ponder-app" class="app" aria-live="off"></main>
    <script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
  </body>
</html>
`;
}
