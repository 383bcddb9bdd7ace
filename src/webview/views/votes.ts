import type { RunModel } from '../../shared/runModel';
import { displayVotes } from '../../shared/runQueries';
import { bar, button, el, replaceChildren } from '../dom';
import { renderFormula } from '../renderMath';
import type { PanelActions } from './context';

/** The run's answer and the vote leaderboard: answer groups with weight and count. */
export class VotesView {
  readonly element: HTMLElement;
  private readonly answer = el('div', { className: 'run-answer', testId: 'run-answer' });
  private readonly board = el('ol', { className: 'leaderboard', testId: 'votes' });
  private readonly note = el('div', { className: 'muted small' });

  constructor(private readonly actions: PanelActions) {
    this.element = el(
      'details',
      { className: 'section votes', attrs: { open: '', 'data-section': 'votes' } },
      el('summary', {}, 'Answer and vote'),
      this.answer,
      this.note,
      this.board,
    );
  }

  render(model: RunModel, answerFilter: string | null): void {
    this.renderAnswer(model);
    const { votes, provisional } = displayVotes(model);
    this.note.textContent = provisional
      ? votes.length
        ? 'Provisional tally of finished candidates by exact answer text; the run groups equivalent answers when it ends.'
        : 'No finished candidates yet.'
      : model.result?.votes.length
        ? 'Equivalent answers grouped by the grader; weight is the summed verifier score (or the count without a verifier).'
        : 'No candidate gave an answer.';
    const total = votes.reduce((s, v) => s + v.weight, 0) || 1;
    const rows = votes.map((v, i) => {
      const row = el(
        'li',
        {
          className: `vote${i === 0 && !provisional ? ' winner' : ''}${answerFilter === v.answer ? ' filtered' : ''}`,
          testId: 'vote',
          attrs: { 'data-answer': v.answer, 'data-weight': String(v.weight), 'data-count': String(v.count) },
        },
        el('span', { className: 'vote-rank' }, String(i + 1)),
        el('span', { className: 'vote-answer' }, renderFormula(v.answer, false)),
        bar(v.weight / total, 'vote-bar'),
        el('span', { className: 'vote-weight', title: 'summed weight' }, v.weight.toFixed(2)),
        el('span', { className: 'vote-count muted', title: 'candidates' }, `× ${v.count}`),
        button(
          answerFilter === v.answer ? 'Show all' : 'Show',
          () => this.actions.setAnswerFilter(answerFilter === v.answer ? null : v.answer),
          {
            className: 'secondary small',
            title: 'Show only the candidates with this answer',
          },
        ),
      );
      return row;
    });
    replaceChildren(this.board, ...rows);
  }

  private renderAnswer(model: RunModel): void {
    const result = model.result;
    this.answer.dataset.answer = result?.answer ?? '';
    if (!result) {
      const text = model.status === 'failed' ? 'The run failed before an answer.' : 'The answer appears when the run ends.';
      return replaceChildren(this.answer, el('span', { className: 'muted' }, text));
    }
    if (result.answer === null)
      return replaceChildren(this.answer, el('span', { className: 'muted' }, 'No answer: no candidate finished with one.'));
    const answer = result.answer;
    replaceChildren(
      this.answer,
      el('span', { className: 'final-label' }, result.partial ? 'Answer (partial run)' : 'Answer'),
      renderFormula(`\\boxed{${answer}}`, false, answer),
      el('span', { className: 'spacer' }),
      button('Copy', () => this.actions.post({ type: 'copy', what: 'answer', text: answer }), {
        className: 'secondary',
        testId: 'copy-run-answer',
      }),
      button('Insert answer', () => this.actions.post({ type: 'insertAnswer', runId: model.runId, answer }), { testId: 'insert-answer' }),
    );
  }
}
