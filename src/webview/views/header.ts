import type { ServerStatus } from '../../shared/messages';
import type { RunHistory } from '../../shared/runHistory';
import type { RunModel, RunStatus } from '../../shared/runModel';
import { button, el, replaceChildren, setText } from '../dom';
import { renderMathText } from '../renderMath';
import type { PanelActions } from './context';

const STATUS_LABELS: Record<RunStatus, string> = {
  pending: 'Starting',
  running: 'Running',
  done: 'Done',
  partial: 'Partial result',
  failed: 'Failed',
};

/** The run switcher, the run's status and Cancel, the server banner and the problem. */
export class HeaderView {
  readonly element: HTMLElement;
  private readonly switcher = el('select', { testId: 'run-switcher', attrs: { 'aria-label': 'Run' } });
  private readonly status = el('span', { className: 'status-badge', testId: 'run-status', attrs: { role: 'status' } });
  private readonly cancel: HTMLButtonElement;
  private readonly banner = el('div', { className: 'server-banner', testId: 'server-state', role: 'alert' });
  private readonly problem = el('div', { className: 'problem-text', testId: 'problem' });
  private readonly errors = el('ul', { className: 'run-errors', testId: 'run-errors' });
  private problemShown: string | null = null;

  constructor(private readonly actions: PanelActions) {
    this.switcher.addEventListener('change', () => actions.selectRun(this.switcher.value));
    this.cancel = button('Cancel run', () => this.cancelRun(), { className: 'secondary', testId: 'cancel-run' });
    const bar = el(
      'div',
      { className: 'run-bar' },
      el('span', { className: 'brand', attrs: { 'aria-hidden': 'true' } }, 'Ponder'),
      this.switcher,
      this.status,
      el('span', { className: 'spacer' }),
      this.cancel,
    );
    const problem = el(
      'details',
      { className: 'section problem', attrs: { open: '', 'data-section': 'problem' } },
      el('summary', {}, 'Problem'),
      this.problem,
    );
    this.element = el('header', { className: 'header' }, bar, this.banner, this.errors, problem);
    this.renderServer('running');
  }

  private runId: string | null = null;

  private cancelRun(): void {
    if (this.runId) this.actions.post({ type: 'cancelRun', runId: this.runId });
  }

  /** Redraws the switcher's options (run list or statuses changed). */
  renderRuns(history: RunHistory, selectedRunId: string | null): void {
    const options = [...history.order].reverse().map((runId, i) => {
      const model = history.runs.get(runId)!.model;
      const problem = model.problem.replace(/\s+/g, ' ').trim();
      const label = `#${history.order.length - i} · ${problem.length > 60 ? problem.slice(0, 59) + '…' : problem || model.runId} · ${STATUS_LABELS[model.status]}`;
      return el('option', { attrs: { value: runId } }, label);
    });
    if (options.length === 0) options.push(el('option', { attrs: { value: '' } }, 'No runs yet'));
    replaceChildren(this.switcher, ...options);
    this.switcher.value = selectedRunId ?? '';
    this.switcher.disabled = history.order.length < 2;
  }

  /** Redraws status, errors and (when it changed) the problem of the selected run. */
  renderRun(model: RunModel | null): void {
    this.runId = model?.runId ?? null;
    const status = model?.status ?? null;
    this.status.dataset.status = status ?? '';
    this.status.className = `status-badge status-${status ?? 'none'}`;
    setText(this.status, status ? STATUS_LABELS[status] : '');
    this.cancel.hidden = status !== 'running' && status !== 'pending';
    const messages = model
      ? [
          ...model.errors.map((e) => `${e.fatal ? 'Error' : 'Warning'}: ${e.message}`),
          ...(model.failure ? [`Error: ${model.failure}`] : []),
        ]
      : [];
    if (this.errors.childElementCount !== messages.length) replaceChildren(this.errors, ...messages.map((m) => el('li', {}, m)));
    const problem = model?.problem ?? '';
    if (problem !== this.problemShown) {
      this.problemShown = problem;
      replaceChildren(
        this.problem,
        problem
          ? renderMathText(problem).node
          : el('span', { className: 'muted' }, 'Run “Ponder: Solve Selection” on a problem to see it solved here.'),
      );
    }
  }

  renderServer(state: ServerStatus, message?: string): void {
    this.banner.dataset.state = state;
    this.banner.hidden = state === 'running';
    const text: Record<ServerStatus, string> = {
      starting: 'The Ponder server is starting…',
      running: 'The Ponder server is running.',
      stopped: 'The Ponder server is stopped. The runs shown here are kept.',
      crashed: 'The Ponder server crashed. The runs shown here are kept; runs in progress were lost.',
    };
    const actions =
      state === 'stopped' || state === 'crashed'
        ? [
            button('Restart server', () => this.actions.post({ type: 'serverAction', action: 'restart' })),
            button('Show log', () => this.actions.post({ type: 'serverAction', action: 'showLog' }), { className: 'secondary' }),
          ]
        : [];
    replaceChildren(this.banner, el('span', {}, text[state], message ? ` ${message}` : ''), ...actions);
  }
}
