import type { CandidateModel, RunModel } from '../../shared/runModel';
import { candidateScore, candidateSteps, solutionMarkdown } from '../../shared/runQueries';
import type { DisplayStep } from '../../shared/runQueries';
import { bar, button, el, formatScore, replaceChildren, setBar, setText } from '../dom';
import { renderFormula, renderMathText } from '../renderMath';
import type { PanelActions, ViewContext } from './context';
import { ThinkingView } from './thinking';

interface StepView {
  element: HTMLElement;
  text: string;
  score: HTMLElement;
  scoreText: HTMLElement;
  fill: HTMLElement;
}

/**
 * One candidate in full: its steps rendered with KaTeX, a score bar per step, low-scoring steps
 * flagged, the final answer boxed. Steps are cached by text, so a streaming candidate re-renders
 * only its growing last step.
 */
export class DetailView {
  readonly element: HTMLElement;
  private readonly title = el('h2', { className: 'pane-title' });
  private readonly badges = el('div', { className: 'badges' });
  private steps = stepList();
  private readonly final = el('div', { className: 'final', testId: 'final-answer' });
  private readonly thinking = new ThinkingView();
  private readonly actionsBar: HTMLElement;
  private stepViews = new Map<string, StepView>();
  private shown: { runId: string; candidateId: string; threshold: number } | null = null;
  private finalShown: string | null | undefined;
  private model: RunModel | null = null;
  private candidate: CandidateModel | null = null;

  constructor(private readonly actions: PanelActions) {
    this.actionsBar = el(
      'div',
      { className: 'actions' },
      button('Copy answer', () => this.copyAnswer(), { className: 'secondary', testId: 'copy-answer' }),
      button('Copy as Markdown', () => this.copySolution(), { className: 'secondary', testId: 'copy-solution' }),
      button('Insert solution', () => this.insertSolution(), { className: 'secondary', testId: 'insert-solution' }),
    );
    this.element = el(
      'section',
      { className: 'panel-pane detail', testId: 'candidate-detail', attrs: { 'aria-live': 'off' } },
      el('div', { className: 'detail-head' }, this.title, this.badges),
      this.actionsBar,
      this.thinking.element,
      this.steps,
      this.final,
    );
  }

  /** Draws the selected candidate; cheap when nothing it shows changed. */
  render(ctx: ViewContext): void {
    const model = ctx.model;
    const candidate = ctx.selectedCandidateId === null ? undefined : model.candidates.get(ctx.selectedCandidateId);
    this.model = model;
    this.candidate = candidate ?? null;
    this.element.hidden = !candidate;
    if (!candidate) {
      this.shown = null;
      return;
    }
    const key = { runId: model.runId, candidateId: candidate.id, threshold: ctx.config.lowScoreThreshold };
    const another = this.shown?.runId !== key.runId || this.shown?.candidateId !== key.candidateId;
    if (
      !this.shown ||
      this.shown.runId !== key.runId ||
      this.shown.candidateId !== key.candidateId ||
      this.shown.threshold !== key.threshold
    ) {
      this.shown = key;
      this.stepViews.clear();
      this.finalShown = undefined;
      // A fresh list starts scrolled to the top; setting scrollTop would force a layout of the whole panel
      // (on a run's first frame, hundreds of new rows).
      const steps = stepList();
      this.steps.replaceWith(steps);
      this.steps = steps;
    }
    this.element.dataset.candidateId = candidate.id;
    this.renderHead(model, candidate);
    // The thinking streams until the solution's first token; it is never part of the steps.
    this.thinking.show(candidate.thinking, !candidate.finished && candidate.text.length === 0, another);
    this.renderSteps(candidateSteps(model, candidate.id), ctx.config.lowScoreThreshold);
    this.renderFinal(candidate);
  }

  private renderHead(model: RunModel, c: CandidateModel): void {
    setText(this.title, `Candidate ${c.id}`);
    const score = candidateScore(c);
    const badges = [el('span', { className: `origin origin-${c.origin}` }, c.origin)];
    if (c.round !== null) badges.push(el('span', { className: 'chip' }, `round ${c.round}`));
    if (c.chain !== null) badges.push(el('span', { className: 'chip' }, `chain ${c.chain}`));
    if (c.parentId !== null) badges.push(this.link(`extends ${c.parentId}`, c.parentId));
    if (c.revisionOf !== null) badges.push(this.link(`revises ${c.revisionOf}`, c.revisionOf));
    if (c.prunedRound !== null) badges.push(el('span', { className: 'chip warn' }, `pruned in round ${c.prunedRound}`));
    if (c.accepted !== null)
      badges.push(el('span', { className: c.accepted ? 'chip good' : 'chip warn' }, c.accepted ? 'accepted' : 'rejected'));
    if (model.result?.bestCandidateId === c.id) badges.push(el('span', { className: 'chip good' }, 'best'));
    badges.push(el('span', { className: 'chip' }, `score ${formatScore(score)}`));
    replaceChildren(this.badges, ...badges);
    this.actionsBar.hidden = !c.finished && c.text.length === 0 && c.steps.length === 0;
  }

  private link(label: string, candidateId: string): HTMLElement {
    return button(label, () => this.actions.selectCandidate(candidateId), { className: 'chip link' });
  }

  private renderSteps(steps: DisplayStep[], threshold: number): void {
    const keep = new Set<string>();
    let previous: Element | null = null;
    for (const step of steps) {
      const key = `${step.candidateId}:${step.index}:${step.streaming ? 's' : 'c'}`;
      keep.add(key);
      let view = this.stepViews.get(key);
      if (!view || view.text !== step.text) {
        const fresh = createStep(step);
        if (view) view.element.replaceWith(fresh.element);
        view = fresh;
        this.stepViews.set(key, view);
      }
      const e = view.element;
      const inherited = step.candidateId !== this.candidate?.id;
      e.classList.toggle('inherited', inherited);
      e.classList.toggle('low', step.score !== null && step.score < threshold);
      e.dataset.index = String(step.index);
      view.score.dataset.score = step.score === null ? '' : String(step.score);
      view.score.title = step.score === null ? 'Not scored' : step.score < threshold ? `Low score: under ${threshold}` : 'Verifier score';
      setText(view.scoreText, formatScore(step.score));
      setBar(view.fill, step.score ?? 0);
      // Keep DOM order equal to step order.
      const expected: ChildNode | null = previous === null ? this.steps.firstChild : previous.nextSibling;
      if (expected !== e) this.steps.insertBefore(e, expected);
      previous = e;
    }
    for (const [key, view] of this.stepViews) {
      if (keep.has(key)) continue;
      view.element.remove();
      this.stepViews.delete(key);
    }
  }

  private renderFinal(c: CandidateModel): void {
    this.final.hidden = !c.finished;
    const answer = c.finished ? c.answer : undefined;
    if (answer === this.finalShown) return;
    this.finalShown = answer;
    this.final.dataset.answer = answer ?? '';
    if (answer === undefined) return replaceChildren(this.final);
    replaceChildren(
      this.final,
      el('span', { className: 'final-label' }, 'Final answer'),
      answer === null ? el('span', { className: 'muted' }, 'none given') : renderFormula(`\\boxed{${answer}}`, true, answer),
    );
  }

  private copyAnswer(): void {
    const answer = this.candidate?.answer;
    if (answer) this.actions.post({ type: 'copy', what: 'answer', text: answer });
  }

  private copySolution(): void {
    if (this.model && this.candidate)
      this.actions.post({ type: 'copy', what: 'solution', text: solutionMarkdown(this.model, this.candidate.id) });
  }

  private insertSolution(): void {
    if (this.model && this.candidate) {
      this.actions.post({
        type: 'insertSolution',
        runId: this.model.runId,
        candidateId: this.candidate.id,
        markdown: solutionMarkdown(this.model, this.candidate.id),
      });
    }
  }
}

function stepList(): HTMLOListElement {
  return el('ol', { className: 'steps', attrs: { 'aria-label': 'Steps' } });
}

function createStep(step: DisplayStep): StepView {
  const rendered = renderMathText(step.text, 'step-text');
  const scoreBar = bar(step.score ?? 0, 'score-bar');
  const scoreText = el('span', { className: 'score-value' });
  const score = el('span', { className: 'step-score', testId: 'step-score' }, scoreBar, scoreText);
  const element = el(
    'li',
    { className: step.streaming ? 'step streaming' : 'step', testId: 'step', attrs: { 'data-candidate-id': step.candidateId } },
    el(
      'div',
      { className: 'step-head' },
      el('span', { className: 'step-number' }, `Step ${step.index + 1}`),
      el('span', { className: 'low-marker', attrs: { 'aria-label': 'low score' } }, 'low'),
      el('span', { className: 'spacer' }),
      score,
    ),
    rendered.node,
  );
  if (rendered.mathErrors > 0) element.dataset.mathErrors = String(rendered.mathErrors);
  return { element, text: step.text, score, scoreText, fill: scoreBar.firstElementChild as HTMLElement };
}
