/**
 * DOM building for the panel. Every string becomes a text node or an attribute value set through the
 * DOM, never parsed as HTML, so model text (untrusted) cannot inject markup.
 */

export type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  testId?: string;
  title?: string;
  role?: string;
  tabIndex?: number;
  /** Other attributes (`data-*`, `aria-*`, `type`, ...). Event-handler attributes are refused. */
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.testId) node.dataset.testid = props.testId;
  if (props.title !== undefined) node.title = props.title;
  if (props.role) node.setAttribute('role', props.role);
  if (props.tabIndex !== undefined) node.tabIndex = props.tabIndex;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(node, name, value);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function setAttr(node: Element, name: string, value: string): void {
  if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') throw new Error(`dom: refusing to set attribute ${name}`);
  node.setAttribute(name, value);
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

/** Sets text only when it changed (cheap re-renders of streaming rows). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function button(label: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
  const node = el('button', { ...props, attrs: { type: 'button', ...props.attrs } }, label);
  node.addEventListener('click', onClick);
  return node;
}

/** A horizontal bar filled to `fraction` (0..1), width set through CSSOM, which the CSP allows. */
export function bar(fraction: number, className: string): HTMLElement {
  const fill = el('span', { className: 'bar-fill' });
  setBar(fill, fraction);
  return el('span', { className: `bar ${className}`, attrs: { 'aria-hidden': 'true' } }, fill);
}

export function setBar(fill: HTMLElement, fraction: number): void {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  fill.style.width = `${(clamped * 100).toFixed(1)}%`;
}

export function formatScore(score: number | null): string {
  return score === null ? '–' : score.toFixed(2);
}

export function formatCount(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)} T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
