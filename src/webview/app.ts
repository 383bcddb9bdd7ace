import type { PanelConfig, PanelInitialState, RunSnapshot, ToWebview } from '../shared/messages';
import { appendRunEvents, createHistory, failHistoryRun, restoreRuns, snapshotRun, startRun } from '../shared/runHistory';
import { createRunModel, emptyChanges } from '../shared/runModel';
import type { RunChanges } from '../shared/runModel';
import { defaultCandidateId, hasTree } from '../shared/runQueries';
import { el } from './dom';
import { MAX_SAVED_RUNS } from './persist';
import type { SavedPanelState, SortMode } from './persist';
import type { Host } from './vscodeApi';
import { CandidatesView } from './views/candidates';
import { ChainsView } from './views/chains';
import type { PanelActions, ViewContext } from './views/context';
import { DetailView } from './views/detail';
import { HeaderView } from './views/header';
import { OverviewView } from './views/overview';
import { TreeView } from './views/tree';
import { VotesView } from './views/votes';

const DEFAULT_CONFIG: PanelConfig = { lowScoreThreshold: 0.5 };
const SAVE_DELAY_MS = 400;

/**
 * The panel: applies `ToWebview` messages to the run history, and redraws at most once per
 * animation frame, only what the accumulated changes touched.
 */
export class PanelApp implements PanelActions {
  private readonly history = createHistory();
  private selectedRunId: string | null = null;
  /** Candidates the user picked, per run; otherwise the run's best is shown. */
  private readonly pickedCandidates = new Map<string, string>();
  private sort: SortMode = 'score';
  private answerFilter: string | null = null;
  private config: PanelConfig = DEFAULT_CONFIG;
  private readonly snapshots = new Map<string, RunSnapshot>();

  private pending: RunChanges | null = null;
  private fullRender = true;
  private runsChanged = true;
  private focusList = false;
  private frame = 0;
  private detailShown: string | null = null;
  private statusShown: string | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly header: HeaderView;
  private readonly overview = new OverviewView(this);
  private readonly candidates: CandidatesView;
  private readonly detail: DetailView;
  private readonly votes: VotesView;
  private readonly tree: TreeView;
  private readonly chains: ChainsView;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    this.header = new HeaderView(this);
    this.candidates = new CandidatesView(this);
    this.detail = new DetailView(this);
    this.votes = new VotesView(this);
    this.tree = new TreeView(this);
    this.chains = new ChainsView(this);
    const main = el('div', { className: 'split' }, this.candidates.element, this.detail.element);
    root.append(this.header.element, this.overview.element, main, this.votes.element, this.tree.element, this.chains.element);
    root.addEventListener('toggle', (e) => this.onToggle(e), true);
  }

  /** Restores what the panel saved, then what the extension embedded in the HTML. */
  start(saved: SavedPanelState | null, initial: PanelInitialState | null): void {
    if (saved) {
      restoreRuns(this.history, saved.runs);
      for (const [run, candidate] of Object.entries(saved.selectedCandidates)) this.pickedCandidates.set(run, candidate);
      this.sort = saved.sort;
      for (const section of saved.closed)
        this.root.querySelector(`details[data-section="${CSS.escape(section)}"]`)?.removeAttribute('open');
      this.selectedRunId = saved.selectedRunId;
    }
    if (initial?.config) this.config = initial.config;
    if (initial?.serverState) this.header.renderServer(initial.serverState);
    if (initial?.runs) restoreRuns(this.history, initial.runs);
    if (initial?.selectRunId) this.selectedRunId = initial.selectRunId;
    if (this.selectedRunId === null || !this.history.runs.has(this.selectedRunId)) this.selectedRunId = this.history.order.at(-1) ?? null;
    this.redrawAll();
    this.host.post({ type: 'ready', restoredRunIds: [...this.history.order] });
  }

  handle(message: ToWebview): void {
    switch (message.type) {
      case 'runStarted':
        startRun(this.history, message.header);
        this.selectedRunId = message.header.runId;
        this.answerFilter = null;
        this.redrawAll();
        return;
      case 'runEvents': {
        const known = this.history.runs.has(message.runId);
        const changes = appendRunEvents(this.history, message.runId, message.events);
        if (!known) this.selectedRunId ??= message.runId;
        if (!known || changes.overview) this.runsChanged = true;
        if (message.runId === this.selectedRunId) this.merge(changes);
        if (message.events.some((e) => e.type === 'result' || e.type === 'error')) this.scheduleSave();
        this.schedule();
        return;
      }
      case 'runFailed':
        failHistoryRun(this.history, message.runId, message.message);
        this.redrawAll();
        return;
      case 'restoreRuns':
        restoreRuns(this.history, message.runs);
        for (const run of message.runs) this.snapshots.delete(run.header.runId);
        if (message.selectRunId && this.history.runs.has(message.selectRunId)) this.selectedRunId = message.selectRunId;
        this.selectedRunId ??= this.history.order.at(-1) ?? null;
        this.redrawAll();
        return;
      case 'serverState':
        this.header.renderServer(message.state, message.message);
        return;
      case 'config':
        this.config = message.config;
        this.redrawAll();
        return;
      case 'showRun':
        this.selectRun(message.runId);
        return;
      default: {
        const unknown: never = message;
        void unknown;
      }
    }
  }

  // PanelActions

  selectCandidate(candidateId: string, options: { focusList?: boolean } = {}): void {
    if (this.selectedRunId === null) return;
    this.pickedCandidates.set(this.selectedRunId, candidateId);
    this.focusList ||= options.focusList === true;
    this.scheduleSave();
    this.refresh(emptyChanges());
  }

  // A sort or a filter moves and hides the rows already made (a redraw would make 1,000 rows anew).
  setAnswerFilter(answer: string | null): void {
    this.answerFilter = answer;
    this.refresh({ ...emptyChanges(), votes: true });
  }

  setSort(sort: SortMode): void {
    this.sort = sort;
    this.refresh(emptyChanges());
    this.scheduleSave();
  }

  selectRun(runId: string): void {
    if (!this.history.runs.has(runId) || runId === this.selectedRunId) return;
    this.selectedRunId = runId;
    this.answerFilter = null;
    this.host.post({ type: 'selectRun', runId });
    this.redrawAll();
    this.scheduleSave();
  }

  post: PanelActions['post'] = (message) => this.host.post(message);

  // Rendering

  private redrawAll(): void {
    this.fullRender = true;
    this.runsChanged = true;
    this.schedule();
  }

  /** Draws `changes` in the next frame (views update in place; redrawAll remakes them). */
  private refresh(changes: RunChanges): void {
    this.merge(changes);
    this.schedule();
  }

  private merge(changes: RunChanges): void {
    if (!this.pending) {
      this.pending = changes;
      return;
    }
    for (const id of changes.candidates) this.pending.candidates.add(id);
    this.pending.added ||= changes.added;
    this.pending.overview ||= changes.overview;
    this.pending.votes ||= changes.votes;
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const changes = this.pending;
    const full = this.fullRender;
    this.pending = null;
    this.fullRender = false;
    const record = this.selectedRunId === null ? undefined : this.history.runs.get(this.selectedRunId);
    if (this.runsChanged) {
      this.runsChanged = false;
      this.header.renderRuns(this.history, this.selectedRunId);
    }
    this.root.dataset.runId = record?.model.runId ?? '';
    this.root.classList.toggle('empty', !record);
    if (!record) {
      this.header.renderRun(null);
      this.detail.render({ ...this.context(null), model: emptyModelFor() });
      return;
    }
    const model = record.model;
    const ctx = this.context(model);
    this.root.dataset.status = model.status;
    if (full || !changes) {
      this.header.renderRun(model);
      this.overview.render(model);
      this.candidates.render(ctx);
      this.votes.render(model, this.answerFilter);
    } else {
      if (changes.overview) {
        this.header.renderRun(model);
        this.overview.render(model);
      }
      this.candidates.update(ctx, changes);
      if (changes.votes || model.status !== this.statusShown) this.votes.render(model, this.answerFilter);
    }
    const selected = ctx.selectedCandidateId;
    if (full || !changes || changes.votes || selected !== this.detailShown || (selected !== null && changes.candidates.has(selected)))
      this.detail.render(ctx);
    this.detailShown = selected;
    this.statusShown = model.status;
    const tree = hasTree(model);
    this.tree.element.hidden = !tree;
    if (tree) {
      if (full || !changes) this.tree.render(ctx);
      else this.tree.update(ctx, changes);
    }
    this.chains.element.hidden = model.chains.size === 0;
    if (model.chains.size > 0 && (full || !changes || changes.added || changes.candidates.size > 0 || this.focusList))
      this.chains.render(model, ctx.selectedCandidateId);
    if (this.focusList) {
      this.focusList = false;
      this.candidates.focusSelected();
    }
    if (this.candidates.hasDeferred) this.refresh(emptyChanges());
  }

  private context(model: ViewContext['model'] | null): ViewContext {
    const m = model ?? emptyModelFor();
    const picked = this.pickedCandidates.get(m.runId);
    const selected = picked !== undefined && m.candidates.has(picked) ? picked : defaultCandidateId(m);
    return { model: m, selectedCandidateId: selected, config: this.config, answerFilter: this.answerFilter, sort: this.sort };
  }

  // Persistence

  private onToggle(e: Event): void {
    if (e.target instanceof HTMLDetailsElement && e.target.dataset.section) this.scheduleSave();
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  /** Saves now what waits for the debounce: a panel hidden or reloaded within it would lose it. */
  flushSave(): void {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.save();
  }

  /** Saves selections and finished runs (compacted once each); live runs come back from the extension. */
  private save(): void {
    this.saveTimer = undefined;
    const runs: RunSnapshot[] = [];
    for (const runId of this.history.order) {
      const record = this.history.runs.get(runId)!;
      if (record.model.status === 'running' || record.model.status === 'pending') continue;
      let snapshot = this.snapshots.get(runId);
      if (!snapshot) {
        snapshot = snapshotRun(record);
        this.snapshots.set(runId, snapshot);
      }
      runs.push(snapshot);
    }
    const closed = [...this.root.querySelectorAll<HTMLDetailsElement>('details[data-section]')]
      .filter((d) => !d.open)
      .map((d) => d.dataset.section!);
    const state: SavedPanelState = {
      v: 1,
      selectedRunId: this.selectedRunId,
      selectedCandidates: Object.fromEntries(this.pickedCandidates),
      sort: this.sort,
      closed,
      runs: runs.slice(-MAX_SAVED_RUNS),
    };
    this.host.setState(state);
  }
}

const EMPTY_MODEL = createRunModel({ runId: '', problem: '' });
function emptyModelFor(): ViewContext['model'] {
  return EMPTY_MODEL;
}
