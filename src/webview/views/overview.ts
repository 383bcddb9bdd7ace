import { reasonBesideWorkarounds, type RunModel } from '../../shared/runModel';
import { stopText } from '../../shared/stopText';
import { bar, button, el, formatCount, formatMs, replaceChildren, setBar, setText } from '../dom';
import { STRATEGY_LABELS, type PanelActions } from './context';

const SIGNAL_LABELS = {
  verifier: 'mean last-step verifier score',
  agreement: 'probe answer agreement',
  fixed: 'fixed by settings',
} as const;

const BIN_NAMES = ['', 'easy', 'fairly easy', 'medium', 'hard', 'very hard'];

/**
 * Difficulty, route and budget cards of the selected run. The difficulty and route cards are redrawn
 * only when their event arrives; the budget card's figures are updated in place (every batch).
 */
export class OverviewView {
  readonly element: HTMLElement;
  private readonly difficulty = el('section', { className: 'card', testId: 'difficulty' });
  private readonly route = el('section', { className: 'card', testId: 'route' });
  private readonly budget = el('section', { className: 'card', testId: 'budget-meter' });
  /** What the run had to work around (RouteEvent.workarounds), each sentence once, beside the route. */
  private readonly workarounds = el('section', { className: 'route-workarounds', testId: 'route-workarounds', role: 'note' });
  private readonly generations = el('span');
  private readonly budgetLabel = el('span', { className: 'muted small' });
  private readonly meter = bar(0, 'budget-bar');
  private readonly stats = new Map<string, HTMLElement>();
  private shown: { runId: string; difficulty: RunModel['difficulty']; route: RunModel['route']; status: RunModel['status'] } | null = null;

  constructor(private readonly actions: Pick<PanelActions, 'post'>) {
    this.element = el('div', { className: 'overview' }, this.difficulty, this.route, this.budget, this.workarounds);
    this.workarounds.hidden = true;
    this.meter.setAttribute('role', 'meter');
    this.meter.removeAttribute('aria-hidden');
    this.meter.setAttribute('aria-label', 'generations used');
    this.meter.setAttribute('aria-valuemin', '0');
    const list = el('dl', { className: 'stats' });
    for (const name of ['tokens', 'requests', 'verifier calls', 'FLOPs', 'elapsed', 'failed']) {
      const value = el('dd', {});
      this.stats.set(name, value);
      list.append(el('dt', {}, name), value);
    }
    this.stats.get('FLOPs')!.title = 'Estimated as 2 x parameters x tokens; set ponder.policy.parameters (the model size) to see it';
    replaceChildren(
      this.budget,
      cardTitle('Budget'),
      el('div', { className: 'big' }, this.generations, this.budgetLabel),
      this.meter,
      list,
    );
  }

  render(model: RunModel): void {
    const shown = this.shown;
    const sameRun = shown !== null && shown.runId === model.runId && shown.status === model.status;
    if (!sameRun || shown.difficulty !== model.difficulty) this.renderDifficulty(model);
    if (!sameRun || shown.route !== model.route) {
      this.renderRoute(model);
      this.renderWorkarounds(model);
    }
    this.shown = { runId: model.runId, difficulty: model.difficulty, route: model.route, status: model.status };
    this.renderBudget(model);
  }

  private renderDifficulty(model: RunModel): void {
    const d = model.difficulty;
    this.difficulty.dataset.bin = d ? String(d.bin) : '';
    if (!d) {
      replaceChildren(
        this.difficulty,
        cardTitle('Difficulty'),
        el(
          'div',
          { className: 'muted' },
          model.status === 'pending' || model.status === 'running' ? 'Estimating from the probe…' : 'Not estimated',
        ),
      );
      return;
    }
    const pips = el('div', { className: 'pips', role: 'img', attrs: { 'aria-label': `bin ${d.bin} of 5` } });
    for (let b = 1; b <= 5; b++) pips.appendChild(el('span', { className: b <= d.bin ? `pip on bin-${d.bin}` : 'pip' }));
    replaceChildren(
      this.difficulty,
      cardTitle('Difficulty'),
      el('div', { className: 'big' }, `Bin ${d.bin}`, el('span', { className: 'muted small' }, ` / 5 · ${BIN_NAMES[d.bin]}`)),
      pips,
      el(
        'div',
        { className: 'muted small' },
        `${SIGNAL_LABELS[d.signal]}: ${d.value.toFixed(2)}`,
        d.probe.length ? ` · probe of ${d.probe.length}` : '',
      ),
    );
  }

  private renderRoute(model: RunModel): void {
    const r = model.route;
    this.route.dataset.strategy = r?.strategy ?? '';
    if (!r) {
      const requested = model.strategy ? STRATEGY_LABELS[model.strategy] : 'Auto (router)';
      replaceChildren(this.route, cardTitle('Strategy'), el('div', { className: 'muted' }, `${requested} · routing…`));
      return;
    }
    const params = Object.entries(r.params).map(([k, v]) => el('span', { className: 'chip' }, `${k} ${String(v)}`));
    replaceChildren(
      this.route,
      cardTitle('Strategy'),
      el('div', { className: 'big' }, STRATEGY_LABELS[r.strategy] ?? r.strategy),
      el('div', { className: 'chips' }, ...params),
      el('div', { className: 'muted small reason' }, reasonBesideWorkarounds(r)),
    );
  }

  private renderWorkarounds(model: RunModel): void {
    const sentences = model.route?.workarounds ?? [];
    this.workarounds.hidden = sentences.length === 0;
    this.workarounds.dataset.count = String(sentences.length);
    if (sentences.length === 0) return replaceChildren(this.workarounds);
    replaceChildren(
      this.workarounds,
      el(
        'div',
        { className: 'workarounds-head' },
        cardTitle('Worked around'),
        button('Check Endpoints', () => this.actions.post({ type: 'serverAction', action: 'checkEndpoints' }), {
          className: 'secondary',
          testId: 'check-endpoints',
        }),
      ),
      el('ul', {}, ...sentences.map((sentence) => el('li', { testId: 'route-workaround' }, capitalise(sentence)))),
    );
  }

  private renderBudget(model: RunModel): void {
    const u = model.usage;
    const budget = model.budget;
    Object.assign(this.budget.dataset, {
      generations: String(u.generations),
      budget: budget === null ? '' : String(budget),
      tokens: String(u.tokens),
      requests: String(u.requests),
      verifierCalls: String(u.verifierCalls),
    });
    setText(this.generations, String(u.generations));
    setText(this.budgetLabel, budget === null ? ' generations' : ` / ${budget} generations${unspentNote(model.stopped)}`);
    setBar(this.meter.firstElementChild as HTMLElement, budget ? u.generations / budget : 0);
    this.meter.setAttribute('aria-valuemax', String(budget ?? 0));
    this.meter.setAttribute('aria-valuenow', String(u.generations));
    const values: Record<string, string> = {
      tokens: formatCount(u.tokens),
      requests: formatCount(u.requests),
      'verifier calls': formatCount(u.verifierCalls),
      FLOPs: u.flops === undefined ? '–' : formatCount(u.flops),
      elapsed: formatMs(model.result?.elapsedMs ?? model.lastT),
      failed: String(u.failedGenerations),
    };
    for (const [name, value] of Object.entries(values)) setText(this.stats.get(name)!, value);
    const failed = this.stats.get('failed')!;
    failed.hidden = u.failedGenerations === 0;
    (failed.previousElementSibling as HTMLElement).hidden = failed.hidden;
  }
}

/** "beam needs…" -> "Beam needs…"; a sentence that starts with a URL or a name ("http://…", "continuation: …") stays as it is. */
function capitalise(sentence: string): string {
  return /^[a-z]+[\s,]/.test(sentence) ? sentence.charAt(0).toUpperCase() + sentence.slice(1) : sentence;
}

function cardTitle(text: string): HTMLElement {
  return el('h3', { className: 'card-title' }, text);
}

/** The unspent part of the ceiling, once a run stopped under it: "settled: 10 unspent, leading answer's probability 0.97". */
function unspentNote(stopped: RunModel['stopped']): string {
  if (!stopped || stopped.spent >= stopped.ceiling) return '';
  return ` · ${stopText(stopped, true)}`;
}
