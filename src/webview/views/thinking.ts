import { el, replaceChildren, setText } from '../dom';
import { renderMathText } from '../renderMath';

interface Paragraph {
  text: string;
  node: HTMLElement;
}

/**
 * A reasoning policy's thinking for one candidate: collapsed by default, apart from the scored steps.
 * The summary says how long it is; the body is rendered (text with KaTeX math) only while open, a
 * paragraph at a time, and paragraphs are cached by text, so a streaming trace re-renders only its
 * growing last paragraph.
 */
export class ThinkingView {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('span', { className: 'thinking-summary', testId: 'thinking-summary' });
  private readonly body = el('div', { className: 'thinking-body', testId: 'thinking-body' });
  private paragraphs: Paragraph[] = [];
  private text = '';
  private streaming = false;

  constructor() {
    this.element = el(
      'details',
      { className: 'thinking', testId: 'thinking' },
      el('summary', {}, el('span', { className: 'thinking-label' }, 'Thinking'), this.summary),
      this.body,
    );
    this.element.addEventListener('toggle', () => this.renderBody());
  }

  /** Shows `text` (collapsed when `reset`: another candidate); hidden when the candidate has no thinking. */
  show(text: string, streaming: boolean, reset: boolean): void {
    if (reset) {
      this.element.open = false;
      this.paragraphs = [];
      replaceChildren(this.body);
    }
    this.text = text;
    this.streaming = streaming;
    this.element.hidden = text.length === 0;
    this.element.dataset.state = streaming ? 'streaming' : 'done';
    const words = text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
    // Not toLocaleString: its first call loads locale data, a 40 ms task on the first frame of a run.
    setText(this.summary, `${words} words${streaming ? ', thinking…' : ''}`);
    this.renderBody();
  }

  private renderBody(): void {
    if (!this.element.open) return;
    const texts = this.text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
    for (let i = 0; i < texts.length; i++) {
      const shown = this.paragraphs[i];
      if (shown?.text === texts[i]) continue;
      const node = el('p', { className: 'thinking-paragraph' }, renderMathText(texts[i]).node);
      if (shown) shown.node.replaceWith(node);
      else this.body.appendChild(node);
      this.paragraphs[i] = { text: texts[i], node };
    }
    for (const extra of this.paragraphs.splice(texts.length)) extra.node.remove();
    this.body.classList.toggle('streaming', this.streaming);
  }
}
