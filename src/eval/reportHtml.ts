// Renders an eval's report.md (with its plots inlined) to an HTML body safe under a strict CSP
// (default-src 'none'): every text is escaped, the only markup is ours, the SVGs carry no scripts,
// event handlers, style attributes or links. For the extension's "Ponder: Open Evaluation Report".
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Inline Markdown we write: `code` and **bold**, on already-escaped text. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** Removes anything active or remote from an SVG: scripts, foreignObject, on* handlers, style, links. */
export function sanitizeSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*>/g, '')
    .replace(/<(script|foreignObject|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/\s(on[a-z]+|style|href|xlink:href)\s*=\s*("[^"]*"|'[^']*')/gi, '');
}

function plotHtml(dir: string, alt: string, target: string): string {
  const path = normalize(join(dir, target));
  // Only plots inside the report's own folder.
  if (!path.startsWith(normalize(dir) + sep) || !path.endsWith('.svg') || !existsSync(path)) return `<p>[missing plot: ${escapeHtml(alt)}]</p>`;
  return `<figure data-plot="${escapeHtml(target)}">${sanitizeSvg(readFileSync(path, 'utf8'))}<figcaption>${escapeHtml(alt)}</figcaption></figure>`;
}

/** The report directory's report.md as an HTML body fragment. */
export function renderReportHtml(dir: string): string {
  const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
  const out: string[] = [];
  const blocks = markdown.split(/\n{2,}/);
  for (const block of blocks) {
    const text = block.trim();
    if (!text) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(text);
    const image = /^!\[([^\]]*)\]\(([^)]+)\)$/.exec(text);
    if (heading) out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    else if (image) out.push(plotHtml(dir, image[1], image[2]));
    else if (text.startsWith('|')) {
      const rows = text.split('\n').filter((r) => !/^\|\s*-{3}/.test(r) && !/^\|(-{3}\|)+$/.test(r));
      const cells = (row: string) => row.replace(/^\|/, '').replace(/\|$/, '').split(' | ').map((c) => c.trim());
      const [head, ...body] = rows;
      out.push(
        `<table><thead><tr>${cells(head).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>` +
          body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>',
      );
    } else if (text.split('\n').every((l) => l.startsWith('- '))) out.push(`<ul>${text.split('\n').map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`);
    else out.push(`<p>${inline(text)}</p>`);
  }
  return out.join('\n');
}
