import type { CandidateModel, RunModel } from '../../shared/runModel';
import { candidateScore } from '../../shared/runQueries';
import { el, formatScore, replaceChildren } from '../dom';
import { renderFormula } from '../renderMath';
import type { PanelActions } from './context';

/** Revision chains: attempt by attempt, where the answer changed, accepted or rejected. */
export class ChainsView {
  readonly element: HTMLElement;
  private readonly body = el('div', { className: 'chains' });
  /** Candidate id -> its answer group in the run's vote: equivalent answers are not a change. */
  private groups = new Map<string, number>();

  constructor(private readonly actions: PanelActions) {
    this.element = el(
      'details',
      { className: 'section chains-section', attrs: { open: '', 'data-section': 'chains' } },
      el('summary', {}, 'Revision chains'),
      this.body,
    );
  }

  render(model: RunModel, selectedId: string | null): void {
    this.groups = new Map();
    model.result?.votes.forEach((vote, group) => vote.candidateIds.forEach((id) => this.groups.set(id, group)));
    const chains = [...model.chains.entries()].sort((a, b) => a[0] - b[0]);
    replaceChildren(
      this.body,
      ...chains.map(([chain, ids], position) =>
        this.chain(
          chain,
          position,
          ids.map((id) => model.candidates.get(id)!),
          selectedId,
        ),
      ),
    );
  }

  private sameAnswer(a: CandidateModel, b: CandidateModel): boolean {
    const ga = this.groups.get(a.id);
    if (ga !== undefined && ga === this.groups.get(b.id)) return true;
    return a.answer === b.answer;
  }

  private chain(chain: number, position: number, attempts: CandidateModel[], selectedId: string | null): HTMLElement {
    let previous: CandidateModel | undefined;
    const items = attempts.map((c, i) => {
      const changed = i > 0 && c.finished && previous !== undefined && !this.sameAnswer(previous, c);
      if (c.finished) previous = c;
      const verdict =
        c.accepted === null
          ? null
          : el('span', { className: c.accepted ? 'chip good' : 'chip warn' }, c.accepted ? 'accepted' : 'rejected');
      const attempt = el(
        'button',
        {
          className: `attempt${c.id === selectedId ? ' selected' : ''}${changed ? ' changed' : ''}${c.finished ? '' : ' streaming'}`,
          testId: 'revision-attempt',
          attrs: { type: 'button', 'data-candidate-id': c.id, 'data-answer': c.answer ?? '', 'aria-pressed': String(c.id === selectedId) },
        },
        el('span', { className: 'attempt-number muted small' }, `Attempt ${i + 1}`),
        el(
          'span',
          { className: 'attempt-answer' },
          c.finished
            ? c.answer === null
              ? el('span', { className: 'muted' }, 'no answer')
              : renderFormula(c.answer, false)
            : el('span', { className: 'muted' }, 'writing…'),
        ),
        el('span', { className: 'muted small' }, `score ${formatScore(candidateScore(c))}`),
        changed ? el('span', { className: 'chip info', title: 'The answer changed from the previous attempt' }, 'answer changed') : null,
        verdict,
      );
      attempt.addEventListener('click', () => this.actions.selectCandidate(c.id));
      return el('li', {}, attempt);
    });
    return el(
      'div',
      { className: 'chain', testId: 'revision-chain', attrs: { 'data-chain': String(chain) } },
      el('div', { className: 'chain-label' }, `Chain ${position + 1}`),
      el('ol', { className: 'attempts' }, ...items),
    );
  }
}
