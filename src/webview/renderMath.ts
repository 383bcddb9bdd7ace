import katex from 'katex';
import { el } from './dom';
import { proseRuns, splitMath } from './mathText';

/**
 * Renders untrusted model text with KaTeX: prose as text nodes, each formula with `katex.render`
 * into its own element (KaTeX sets its styles through the DOM, which the panel's CSP allows; an
 * HTML string of it would have its style attributes blocked). `trust: false` turns `\href`,
 * `\url`, `\includegraphics` and friends into inert error-coloured text.
 */
const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxExpand: 500,
  maxSize: 20,
  output: 'htmlAndMathml',
} as const;

/** CSS class of a formula KaTeX could not parse (shown as its source text). */
export const MATH_ERROR_CLASS = 'math-error';

export interface RenderedText {
  node: HTMLElement;
  /** Formulas KaTeX could not parse in this text. */
  mathErrors: number;
}

export function renderMathText(text: string, className = 'math-text'): RenderedText {
  const node = el('span', { className });
  let mathErrors = 0;
  for (const segment of splitMath(text)) {
    if (segment.kind === 'text') {
      for (const run of proseRuns(segment.text))
        node.appendChild(run.strong ? el('strong', {}, run.text) : document.createTextNode(run.text));
      continue;
    }
    const formula = renderFormula(segment.tex, segment.display, segment.source);
    if (formula.classList.contains(MATH_ERROR_CLASS)) mathErrors++;
    node.appendChild(formula);
  }
  return { node, mathErrors };
}

/** One formula; when KaTeX cannot parse it, its source as text with a marker. */
export function renderFormula(tex: string, display: boolean, source = tex): HTMLElement {
  const target = el(display ? 'div' : 'span', { className: display ? 'math math-display' : 'math math-inline' });
  try {
    withStyleAttributesAsCssom(() => katex.render(tex, target, { ...KATEX_OPTIONS, displayMode: display }));
    const error = target.querySelector('.katex-error');
    return error === null ? target : mathError(source, error.getAttribute('title') ?? 'KaTeX could not parse this formula');
  } catch (e) {
    // throwOnError is off, so this is KaTeX failing in another way; show the source all the same.
    return mathError(source, e instanceof Error ? e.message : String(e));
  }
}

/**
 * A few KaTeX paths set a `style` attribute (tall delimiters' and wide accents' SVGs, its error
 * span, some MathML), which the CSP blocks, garbling those glyphs and reporting a violation. While
 * KaTeX renders (synchronously), such a call sets the same declarations through CSSOM instead,
 * which the CSP allows, like KaTeX's other styles.
 */
function withStyleAttributesAsCssom(render: () => void): void {
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    if (name.toLowerCase() === 'style' && (this instanceof HTMLElement || this instanceof SVGElement || this instanceof MathMLElement)) {
      this.style.cssText = value;
      return;
    }
    setAttribute.call(this, name, value);
  };
  try {
    render();
  } finally {
    Element.prototype.setAttribute = setAttribute;
  }
}

function mathError(source: string, reason: string): HTMLElement {
  return el(
    'span',
    { className: MATH_ERROR_CLASS, title: `Shown as text: ${reason}` },
    el('span', { className: 'math-error-marker', attrs: { 'aria-label': 'formula not rendered' } }, '⚠'),
    el('code', {}, source),
  );
}
