import type { CandidateModel, RunChanges, RunModel } from '../../shared/runModel';
import { candidateScore } from '../../shared/runQueries';
import { el, formatScore, replaceChildren, setText } from '../dom';
import type { PanelActions, ViewContext } from './context';

interface Chip {
  element: HTMLElement;
  round: number;
}

/**
 * The beam tree: one row per search round, one chip per node (filled when kept, hollow when
 * pruned, coloured by score), the selected node's path from its root highlighted. Chips are made
 * once and updated when their node changes. Keyboard: arrows move along a round and between parent
 * and children.
 */
export class TreeView {
  readonly element: HTMLElement;
  private readonly rounds = el('div', { className: 'tree-rounds', tabIndex: 0, role: 'tree', attrs: { 'aria-label': 'Beam search tree' } });
  private readonly legend = el('div', { className: 'muted small tree-legend' });
  private chips = new Map<string, Chip>();
  private rows: HTMLElement[] = [];
  private runId: string | null = null;
  private path: string[] = [];
  private model: RunModel | null = null;
  private selectedId: string | null = null;

  constructor(private readonly actions: PanelActions) {
    this.element = el(
      'details',
      { className: 'section tree', testId: 'beam-tree', attrs: { open: '', 'data-section': 'tree' } },
      el('summary', {}, 'Search tree'),
      this.legend,
      this.rounds,
    );
    this.rounds.addEventListener('click', (e) => {
      const id = (e.target as Element).closest<HTMLElement>('[data-node-id]')?.dataset.nodeId;
      if (id) actions.selectCandidate(id);
    });
    this.rounds.addEventListener('keydown', (e) => this.onKey(e));
  }

  render(ctx: ViewContext): void {
    this.runId = ctx.model.runId;
    this.chips.clear();
    this.rows = [];
    this.path = [];
    replaceChildren(this.rounds);
    this.update(ctx, { candidates: new Set(ctx.model.order), added: true, overview: false, votes: false });
  }

  update(ctx: ViewContext, changes: RunChanges): void {
    const model = ctx.model;
    if (model.runId !== this.runId) return this.render(ctx);
    this.model = model;
    // Creation order guarantees a parent's chip exists (and has its round) before its children's.
    for (const id of model.order) {
      if (!changes.candidates.has(id)) continue;
      const c = model.candidates.get(id)!;
      if (c.origin === 'probe' && c.parentId === null && c.children.length === 0) continue;
      this.updateChip(c, ctx);
    }
    this.highlightPath(model, ctx.selectedCandidateId);
    const pruned = model.order.reduce((n, id) => n + (model.candidates.get(id)!.prunedRound !== null ? 1 : 0), 0);
    setText(
      this.legend,
      `${this.rows.filter((r) => r.childElementCount > 0).length} rounds · ${this.chips.size} nodes · ${pruned} pruned · filled: kept, hollow: pruned, outlined: finished`,
    );
  }

  private updateChip(c: CandidateModel, ctx: ViewContext): void {
    let chip = this.chips.get(c.id);
    if (!chip) {
      const parentRound = c.parentId === null ? -1 : (this.chips.get(c.parentId)?.round ?? -1);
      const round = c.round ?? parentRound + 1;
      chip = { element: el('span', { className: 'node', role: 'treeitem', attrs: { 'data-node-id': c.id } }), round };
      this.chips.set(c.id, chip);
      this.row(round).appendChild(chip.element);
    }
    const score = candidateScore(c);
    const e = chip.element;
    e.className = [
      'node',
      c.prunedRound !== null ? 'pruned' : 'kept',
      c.finished ? 'finished' : '',
      `s${score === null ? 'x' : Math.min(9, Math.floor(score * 10))}`,
      score !== null && score < ctx.config.lowScoreThreshold ? 'low' : '',
    ]
      .filter(Boolean)
      .join(' ');
    e.dataset.score = score === null ? '' : String(score);
    e.dataset.state = c.prunedRound !== null ? 'pruned' : 'kept';
    e.title = `${c.id}${c.parentId ? ` ← ${c.parentId}` : ''} · score ${formatScore(score)}${c.prunedRound !== null ? ` · pruned in round ${c.prunedRound}` : ''}${c.finished ? ` · answer ${c.answer ?? 'none'}` : ''}`;
    setText(e, score === null ? '·' : score.toFixed(2).replace(/^0/, ''));
  }

  private row(round: number): HTMLElement {
    while (this.rows.length <= round) {
      const index = this.rows.length;
      const nodes = el('div', { className: 'round-nodes', role: 'group' });
      const row = el(
        'div',
        { className: 'round' },
        el('span', { className: 'round-label muted small' }, index === 0 ? 'start' : `round ${index}`),
        nodes,
      );
      row.hidden = true;
      this.rounds.appendChild(row);
      this.rows.push(nodes);
    }
    (this.rows[round].parentElement as HTMLElement).hidden = false;
    return this.rows[round];
  }

  private highlightPath(model: RunModel, selectedId: string | null): void {
    this.selectedId = selectedId;
    for (const id of this.path) this.chips.get(id)?.element.classList.remove('on-path', 'selected');
    const path: string[] = [];
    const seen = new Set<string>();
    for (let id = selectedId; id !== null && !seen.has(id); id = model.candidates.get(id)?.parentId ?? null) {
      seen.add(id);
      path.push(id);
    }
    for (const id of path) this.chips.get(id)?.element.classList.add('on-path');
    if (selectedId) this.chips.get(selectedId)?.element.classList.add('selected');
    this.path = path;
  }

  private onKey(e: KeyboardEvent): void {
    const model = this.model;
    if (!model || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
    const current = this.selectedId === null ? undefined : model.candidates.get(this.selectedId);
    const chip = current ? this.chips.get(current.id) : undefined;
    let target: string | null | undefined;
    if (!current || !chip) target = model.treeRoots.find((id) => this.chips.has(id));
    else if (e.key === 'ArrowUp') target = current.parentId;
    else if (e.key === 'ArrowDown') target = current.children.find((id) => this.chips.has(id));
    else if (e.key === 'ArrowLeft') target = (chip.element.previousElementSibling as HTMLElement | null)?.dataset.nodeId;
    else target = (chip.element.nextElementSibling as HTMLElement | null)?.dataset.nodeId;
    e.preventDefault();
    if (target) {
      this.actions.selectCandidate(target);
      this.chips.get(target)?.element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }
}
