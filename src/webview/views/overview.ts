import type { RunModel } from '../../shared/runModel';
import { bar, el, formatCount, formatMs, replaceChildren } from '../dom';
import { STRATEGY_LABELS } from './context';

const SIGNAL_LABELS = {
  verifier: 'mean last-step verifier score',
  agreement: 'probe answer agreement',
  fixed: 'fixed by settings',
} as const;

const BIN_NAMES = ['', 'easy', 'fairly easy', 'medium', 'hard', 'very hard'];

/** Difficulty, route and budget cards of the selected run. */
export class OverviewView {
  readonly element: HTMLElement;
  private readonly difficulty = el('section', { className: 'card', testId: 'difficulty' });
  private readonly route = el('section', { className: 'card', testId: 'route' });
  private readonly budget = el('section', { className: 'card', testId: 'budget-meter' });

  constructor() {
    this.element = el('div', { className: 'overview' }, this.difficulty, this.route, this.budget);
  }

  render(model: RunModel): void {
    this.renderDifficulty(model);
    this.renderRoute(model);
    this.renderBudget(model);
  }

  private renderDifficulty(model: RunModel): void {
    const d = model.difficulty;
    this.difficulty.dataset.bin = d ? String(d.bin) : '';
    if (!d) {
      replaceChildren(this.difficulty, cardTitle('Difficulty'), el('div', { className: 'muted' }, model.status === 'pending' || model.status === 'running' ? 'Estimating from the probe…' : 'Not estimated'));
      return;
    }
    const pips = el('div', { className: 'pips', role: 'img', attrs: { 'aria-label': `bin ${d.bin} of 5` } });
    for (let b = 1; b <= 5; b++) pips.appendChild(el('span', { className: b <= d.bin ? `pip on bin-${d.bin}` : 'pip' }));
    replaceChildren(
      this.difficulty,
      cardTitle('Difficulty'),
      el('div', { className: 'big' }, `Bin ${d.bin}`, el('span', { className: 'muted small' }, ` / 5 · ${BIN_NAMES[d.bin]}`)),
      pips,
      el('div', { className: 'muted small' }, `${SIGNAL_LABELS[d.signal]}: ${d.value.toFixed(2)}`, d.probe.length ? ` · probe of ${d.probe.length}` : ''),
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
      el('div', { className: 'muted small reason' }, r.reason),
    );
  }

  private renderBudget(model: RunModel): void {
    const u = model.usage;
    const budget = model.budget;
    const elapsed = model.result?.elapsedMs ?? model.lastT;
    Object.assign(this.budget.dataset, {
      generations: String(u.generations),
      budget: budget === null ? '' : String(budget),
      tokens: String(u.tokens),
      requests: String(u.requests),
      verifierCalls: String(u.verifierCalls),
    });
    const meter = bar(budget ? u.generations / budget : 0, 'budget-bar');
    meter.setAttribute('role', 'meter');
    meter.removeAttribute('aria-hidden');
    meter.setAttribute('aria-label', 'generations used');
    meter.setAttribute('aria-valuemin', '0');
    meter.setAttribute('aria-valuemax', String(budget ?? 0));
    meter.setAttribute('aria-valuenow', String(u.generations));
    const stats: [string, string][] = [
      ['tokens', formatCount(u.tokens)],
      ['requests', formatCount(u.requests)],
      ['verifier calls', formatCount(u.verifierCalls)],
      ['FLOPs', u.flops === undefined ? '–' : formatCount(u.flops)],
      ['elapsed', formatMs(elapsed)],
    ];
    if (u.failedGenerations > 0) stats.push(['failed', String(u.failedGenerations)]);
    replaceChildren(
      this.budget,
      cardTitle('Budget'),
      el('div', { className: 'big' }, `${u.generations}`, el('span', { className: 'muted small' }, budget === null ? ' generations' : ` / ${budget} generations`)),
      meter,
      el('dl', { className: 'stats' }, ...stats.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    );
    if (u.flops === undefined) this.budget.querySelector('dd:nth-of-type(4)')?.setAttribute('title', 'Set ponder.policy.parameters (the model size) to estimate FLOPs');
  }
}

function cardTitle(text: string): HTMLElement {
  return el('h3', { className: 'card-title' }, text);
}
