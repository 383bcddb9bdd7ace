import type { CandidateModel, RunChanges, RunModel } from '../../shared/runModel';
import { candidateScore, displayVotes } from '../../shared/runQueries';
import { bar, el, formatScore, replaceChildren, setBar, setText } from '../dom';
import type { SortMode } from '../persist';
import { renderFormula } from '../renderMath';
import type { PanelActions, ViewContext } from './context';

interface Row {
  element: HTMLElement;
  status: HTMLElement;
  answer: HTMLElement;
  answerShown: string | null | undefined;
  steps: HTMLElement;
  fill: HTMLElement;
  score: HTMLElement;
  preview: HTMLElement;
}

const PAGE = 10;
const RESORT_MS = 1000;
/**
 * New rows made in one frame while a run streams: 256 candidates announced at once would make a 50 ms
 * frame; the rest follow in the next frames (see `hasDeferred`).
 */
const NEW_ROWS_PER_FRAME = 96;

/**
 * The candidates list: one row per candidate, created once and then updated only when its
 * candidate changed (256 candidates stream at once), kept in score or creation order, filterable
 * by answer, navigable with the arrow keys (a listbox with a roving tab stop).
 */
export class CandidatesView {
  readonly element: HTMLElement;
  private readonly list = el('div', {
    className: 'candidate-list',
    role: 'listbox',
    testId: 'candidate-list',
    attrs: { 'aria-label': 'Candidates' },
  });
  private readonly summary = el('span', { className: 'muted small', testId: 'candidate-summary' });
  private readonly sortSelect = el(
    'select',
    { attrs: { 'aria-label': 'Sort candidates' } },
    el('option', { attrs: { value: 'score' } }, 'Sort by score'),
    el('option', { attrs: { value: 'order' } }, 'Sort by arrival'),
  );
  private readonly filterSelect = el('select', { attrs: { 'aria-label': 'Filter by answer' }, testId: 'answer-filter' });
  private rows = new Map<string, Row>();
  private shownOrder: string[] = [];
  /** Rows already in the list (a row is placed once, then only moved by a re-sort). */
  private placed = new Set<string>();
  private sortedAt = -Infinity;
  private filterShown: string | null = null;
  private sortShown: SortMode | null = null;
  /** Whether the rows were last arranged while the run streamed (a final sort is due when it ends). */
  private arrangedLive = false;
  private filterAnswers = '';
  private runId: string | null = null;
  private selectedId: string | null = null;
  /** Candidates whose rows wait for a later frame (NEW_ROWS_PER_FRAME). */
  private deferred = new Set<string>();

  constructor(private readonly actions: PanelActions) {
    this.sortSelect.addEventListener('change', () => actions.setSort(this.sortSelect.value === 'order' ? 'order' : 'score'));
    this.filterSelect.addEventListener('change', () =>
      actions.setAnswerFilter(this.filterSelect.value === '' ? null : this.filterSelect.value.slice(1)),
    );
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.list.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-candidate-id]');
      if (row?.dataset.candidateId) actions.selectCandidate(row.dataset.candidateId);
    });
    const toolbar = el(
      'div',
      { className: 'toolbar' },
      this.summary,
      el('span', { className: 'spacer' }),
      this.filterSelect,
      this.sortSelect,
    );
    this.element = el(
      'section',
      { className: 'panel-pane candidates' },
      el('h2', { className: 'pane-title' }, 'Candidates'),
      toolbar,
      this.list,
    );
  }

  /** Draws the list from scratch (another run, or after a restore). */
  render(ctx: ViewContext): void {
    this.runId = ctx.model.runId;
    this.rows.clear();
    this.shownOrder = [];
    this.placed.clear();
    this.deferred.clear();
    this.sortedAt = -Infinity;
    this.sortShown = null;
    replaceChildren(this.list);
    this.filterAnswers = '';
    this.update(ctx, { candidates: new Set(ctx.model.order), added: true, overview: true, votes: true });
  }

  update(ctx: ViewContext, changes: RunChanges): void {
    const model = ctx.model;
    if (model.runId !== this.runId) return this.render(ctx);
    const live = model.status === 'running' || model.status === 'pending';
    let made = 0;
    for (const id of [...this.deferred, ...changes.candidates]) {
      const fresh = !this.rows.has(id);
      if (fresh && live && made >= NEW_ROWS_PER_FRAME) {
        this.deferred.add(id);
        continue;
      }
      this.deferred.delete(id);
      if (fresh) made++;
      this.updateRow(model.candidates.get(id)!, ctx);
    }
    // Assistive technology (and the tests) learn that rows are still being added.
    if (this.deferred.size > 0) this.list.setAttribute('aria-busy', 'true');
    else this.list.removeAttribute('aria-busy');
    if (changes.votes) this.renderFilter(model, ctx.answerFilter);
    this.sortSelect.value = ctx.sort;
    this.arrange(model, ctx, changes);
    this.select(ctx.selectedCandidateId);
    this.renderSummary(model);
  }

  /** Whether some rows wait for the next frame (the panel schedules one). */
  get hasDeferred(): boolean {
    return this.deferred.size > 0;
  }

  /**
   * Puts rows in display order, hiding filtered ones; moves only the rows out of place. While a run
   * streams, scores change every batch: re-sorting then (which moves rows under the pointer and
   * costs a layout of the list) happens at most once a second; new rows go at the end meanwhile.
   */
  private arrange(model: RunModel, ctx: ViewContext, changes: RunChanges): void {
    const live = model.status === 'running' || model.status === 'pending';
    const settled = !this.arrangedLive || live;
    // The user chose another filter or sort since the rows were last arranged.
    const asked = this.filterShown !== ctx.answerFilter || this.sortShown !== ctx.sort;
    if (settled && !asked && !changes.added && changes.candidates.size === 0 && this.shownOrder.length === model.order.length) return;
    this.arrangedLive = live;
    const now = performance.now();
    const resort = !live || ctx.sort === 'order' || asked || now - this.sortedAt >= RESORT_MS;
    const made = (id: string) => this.rows.has(id);
    const order = resort
      ? sortCandidates(model, ctx.sort).filter(made)
      : [...this.shownOrder, ...model.order.filter((id) => !this.placed.has(id) && made(id))];
    if (resort) this.sortedAt = now;
    this.filterShown = ctx.answerFilter;
    this.sortShown = ctx.sort;
    let next: ChildNode | null = this.list.firstChild;
    for (const id of order) {
      const row = this.rows.get(id)!;
      row.element.hidden = ctx.answerFilter !== null && model.candidates.get(id)!.answer !== ctx.answerFilter;
      if (next === row.element) next = next.nextSibling;
      else this.list.insertBefore(row.element, next);
      this.placed.add(id);
    }
    this.shownOrder = order;
  }

  private updateRow(c: CandidateModel, ctx: ViewContext): void {
    let row = this.rows.get(c.id);
    if (!row) {
      row = createRow(c, c.id === this.selectedId);
      this.rows.set(c.id, row);
    }
    const score = candidateScore(c);
    const status =
      c.prunedRound !== null
        ? 'pruned'
        : c.finished
          ? c.answer === null
            ? 'no-answer'
            : 'final'
          : c.children.length > 0
            ? 'expanded'
            : c.text.length === 0 && c.thinking.length > 0
              ? 'thinking'
              : 'streaming';
    const e = row.element;
    e.dataset.status = status;
    e.dataset.score = score === null ? '' : String(score);
    e.dataset.steps = String(c.steps.length);
    e.dataset.answer = c.answer ?? '';
    e.classList.toggle('low', score !== null && score < ctx.config.lowScoreThreshold);
    row.status.className = `cand-status st-${status}`;
    row.status.title = {
      pruned: `Pruned in round ${c.prunedRound}`,
      final: 'Finished',
      'no-answer': 'Finished without an answer',
      expanded: 'Kept and extended',
      streaming: 'Streaming',
      thinking: 'Thinking (the solution follows)',
    }[status];
    setText(row.steps, `${c.steps.length} step${c.steps.length === 1 ? '' : 's'}`);
    setText(row.score, formatScore(score));
    setBar(row.fill, score ?? 0);
    if (c.finished && row.answerShown !== c.answer) {
      row.answerShown = c.answer;
      replaceChildren(row.answer, c.answer === null ? el('span', { className: 'muted' }, 'no answer') : renderFormula(c.answer, false));
    }
    const live = status === 'streaming' || status === 'thinking';
    setText(row.preview, live ? previewOf(status === 'thinking' ? c.thinking : c.text) : '');
    row.preview.classList.toggle('thinking-preview', status === 'thinking');
    row.preview.hidden = !live;
  }

  private renderFilter(model: RunModel, filter: string | null): void {
    const answers = displayVotes(model).votes.map((v) => v.answer);
    const key = JSON.stringify(answers);
    if (key !== this.filterAnswers) {
      this.filterAnswers = key;
      replaceChildren(
        this.filterSelect,
        el('option', { attrs: { value: '' } }, 'All answers'),
        // A prefix keeps the empty string ("All") apart from an empty answer.
        ...answers.map((a) => el('option', { attrs: { value: `=${a}` } }, a.length > 40 ? a.slice(0, 39) + '…' : a)),
      );
    }
    this.filterSelect.value = filter === null ? '' : `=${filter}`;
  }

  private renderSummary(model: RunModel): void {
    let finished = 0;
    let pruned = 0;
    for (const c of model.candidates.values()) {
      if (c.prunedRound !== null) pruned++;
      else if (c.finished) finished++;
    }
    const shown = this.shownOrder.filter((id) => !this.rows.get(id)!.element.hidden).length;
    const parts = [`${model.order.length} candidates`, `${finished} finished`];
    if (pruned) parts.push(`${pruned} pruned`);
    if (shown !== model.order.length) parts.push(`${shown} shown`);
    setText(this.summary, parts.join(' · '));
  }

  private select(id: string | null): void {
    if (this.selectedId === id) return;
    const previous = this.selectedId === null ? undefined : this.rows.get(this.selectedId);
    if (previous) {
      previous.element.setAttribute('aria-selected', 'false');
      previous.element.tabIndex = -1;
    }
    this.selectedId = id;
    const row = id === null ? undefined : this.rows.get(id);
    if (row) {
      row.element.setAttribute('aria-selected', 'true');
      row.element.tabIndex = 0;
    }
  }

  /** Focuses the selected row (after keyboard navigation). */
  focusSelected(): void {
    const row = this.selectedId === null ? undefined : this.rows.get(this.selectedId);
    if (!row) return;
    row.element.focus({ preventScroll: true });
    row.element.scrollIntoView({ block: 'nearest' });
  }

  private onKey(e: KeyboardEvent): void {
    const visible = this.shownOrder.filter((id) => !this.rows.get(id)!.element.hidden);
    if (visible.length === 0) return;
    const at = Math.max(0, this.selectedId === null ? 0 : visible.indexOf(this.selectedId));
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: visible.length - 1,
      PageDown: at + PAGE,
      PageUp: at - PAGE,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const target = visible[Math.min(visible.length - 1, Math.max(0, moves[e.key]))];
    this.actions.selectCandidate(target, { focusList: true });
  }
}

function createRow(c: CandidateModel, selected: boolean): Row {
  const status = el('span', { className: 'cand-status' });
  const answer = el('span', { className: 'cand-answer' });
  const steps = el('span', { className: 'cand-steps muted small' });
  const scoreBar = bar(0, 'score-bar');
  const score = el('span', { className: 'cand-score' });
  const preview = el('div', { className: 'cand-preview muted small' });
  const label = c.chain !== null ? `${c.id} · chain ${c.chain}` : c.round !== null ? `${c.id} · round ${c.round}` : c.id;
  const element = el(
    'div',
    {
      className: 'candidate',
      testId: 'candidate',
      role: 'option',
      tabIndex: selected ? 0 : -1,
      attrs: { 'data-candidate-id': c.id, 'aria-selected': String(selected) },
    },
    el(
      'div',
      { className: 'cand-line' },
      status,
      el('span', { className: 'cand-id' }, label),
      el('span', { className: `origin origin-${c.origin}` }, c.origin),
      answer,
      el('span', { className: 'spacer' }),
      steps,
      scoreBar,
      score,
    ),
    preview,
  );
  return { element, status, answer, answerShown: undefined, steps, fill: scoreBar.firstElementChild as HTMLElement, score, preview };
}

function previewOf(text: string): string {
  const tail = text.slice(-160).replace(/\s+/g, ' ').trim();
  return tail.length > 100 ? '…' + tail.slice(-100) : tail;
}

function sortCandidates(model: RunModel, sort: SortMode): string[] {
  if (sort === 'order') return model.order;
  const scored = model.order.map((id) => {
    const c = model.candidates.get(id)!;
    return { id, seq: c.seq, score: candidateScore(c) ?? -1 };
  });
  scored.sort((a, b) => b.score - a.score || a.seq - b.seq);
  return scored.map((s) => s.id);
}
