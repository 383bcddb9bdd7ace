import { emptyUsage } from './events';
import { DEFAULT_STEP_DELIMITER } from './steps';
import type { CandidateOrigin, DifficultyEvent, RouteEvent, SolveEvent, StopInfo, Usage, Vote } from './events';
import type { RunHeader } from './messages';
import { nextPhase, STARTING_PHASE, type RunPhase } from './runPhase';
import type { StrategyChoice } from './strategies';

/**
 * The run model: what a run looks like after a prefix of its events. Built by `applyEvents`, used
 * by the panel and the tests. The model is updated in place (a 256-candidate run streams tens of
 * thousands of deltas; copying it per event would be quadratic) but the update depends only on the
 * model and the events: no clock, no I/O, no DOM. `applyEvents` returns what changed, so a view
 * re-renders only the touched candidates.
 */

export interface StepModel {
  index: number;
  text: string;
  /** The verifier's P(step correct), or null before it is scored. */
  score: number | null;
}

export interface CandidateModel {
  readonly id: string;
  /** Creation order within the run. */
  readonly seq: number;
  origin: CandidateOrigin;
  parentId: string | null;
  chain: number | null;
  revisionOf: string | null;
  round: number | null;
  /** Concatenated `delta` texts since the last `restart`. */
  text: string;
  /** A reasoning policy's thinking: `delta.thinking` pieces since the last `restart`, then `final.thinking`; '' when none. */
  thinking: string;
  /** Steps sorted by index; for beam nodes only the node's own steps (see `candidateSteps`). */
  steps: StepModel[];
  finished: boolean;
  /** The extracted answer once `final` arrived; null when none was given. */
  answer: string | null;
  finalScore: number | null;
  accepted: boolean | null;
  prunedRound: number | null;
  /** Beam search: ids of the nodes that extend this one. */
  children: string[];
}

export type RunStatus = 'pending' | 'running' | 'done' | 'partial' | 'failed';

export interface LiveVote {
  answer: string;
  weight: number;
  count: number;
  candidateIds: string[];
}

export interface RunOutcome {
  answer: string | null;
  votes: Vote[];
  bestCandidateId: string | null;
  elapsedMs: number;
  partial: boolean;
}

export interface RunModel {
  runId: string;
  problem: string;
  budget: number | null;
  strategy: StrategyChoice | null;
  label: string | null;
  /** What separates steps in this run's text (from `started`), for splitting streamed text. */
  stepDelimiter: string;
  status: RunStatus;
  /** What the run is doing (`describePhase` words it). */
  phase: RunPhase;
  difficulty: Omit<DifficultyEvent, 'type' | 't'> | null;
  route: Omit<RouteEvent, 'type' | 't'> | null;
  candidates: Map<string, CandidateModel>;
  /** Candidate ids in creation order. */
  order: string[];
  /** Beam search: nodes without a parent, in creation order. */
  treeRoots: string[];
  /** Highest beam round seen (0 when there is no tree). */
  maxRound: number;
  /** Revisions: chain number -> attempt ids in order. */
  chains: Map<number, string[]>;
  usage: Usage;
  /** Why the run stopped drawing and what it spent of its ceiling, once its last usage event says (adaptive compute). */
  stopped: StopInfo | null;
  /** A provisional tally of finished candidates by exact answer text, until `result` brings the real vote. */
  liveVotes: Map<string, LiveVote>;
  result: RunOutcome | null;
  errors: { t: number; message: string; fatal: boolean }[];
  /** Set when the request failed without a fatal event (e.g. the server crashed). */
  failure: string | null;
  /** The latest `t` seen: elapsed ms while the run is live. */
  lastT: number;
}

/** What one `applyEvents` call touched. */
export interface RunChanges {
  /** Candidates whose content changed (including new ones). */
  candidates: Set<string>;
  /** New candidates appeared (list order and tree/chain structure may change). */
  added: boolean;
  /** Difficulty, route, usage, status, errors or result changed. */
  overview: boolean;
  votes: boolean;
}

export function emptyChanges(): RunChanges {
  return { candidates: new Set(), added: false, overview: false, votes: false };
}

export function createRunModel(header: RunHeader): RunModel {
  return {
    runId: header.runId,
    problem: header.problem,
    budget: header.budget ?? null,
    strategy: header.strategy ?? null,
    label: header.label ?? null,
    stepDelimiter: DEFAULT_STEP_DELIMITER,
    status: 'pending',
    phase: STARTING_PHASE,
    difficulty: null,
    route: null,
    candidates: new Map(),
    order: [],
    treeRoots: [],
    maxRound: 0,
    chains: new Map(),
    usage: emptyUsage(),
    stopped: null,
    liveVotes: new Map(),
    result: null,
    errors: [],
    failure: null,
    lastT: 0,
  };
}

/** Builds a model from a header and a whole event list. */
export function reduceRun(header: RunHeader, events: Iterable<SolveEvent>): RunModel {
  const model = createRunModel(header);
  applyEvents(model, events);
  return model;
}

export function applyEvents(model: RunModel, events: Iterable<SolveEvent>, changes: RunChanges = emptyChanges()): RunChanges {
  for (const event of events) applyEvent(model, event, changes);
  return changes;
}

function applyEvent(model: RunModel, event: SolveEvent, changes: RunChanges): void {
  if (event.t > model.lastT) {
    model.lastT = event.t;
    if (model.status === 'running' || model.status === 'pending') changes.overview = true;
  }
  if (model.status === 'pending') {
    model.status = 'running';
    changes.overview = true;
  }
  model.phase = nextPhase(model.phase, event);
  switch (event.type) {
    case 'started':
      // The run id stays the one the model was created with (the key the panel knows it by).
      model.problem = event.problem;
      model.budget = event.budget;
      model.strategy = event.strategy;
      model.stepDelimiter = event.stepDelimiter ?? DEFAULT_STEP_DELIMITER;
      changes.overview = true;
      return;
    case 'difficulty':
      model.difficulty = { bin: event.bin, signal: event.signal, value: event.value, probe: [...event.probe] };
      changes.overview = true;
      return;
    case 'route':
      model.route = {
        strategy: event.strategy,
        params: { ...event.params },
        reason: event.reason,
        ...(event.workarounds?.length ? { workarounds: [...event.workarounds] } : {}),
      };
      changes.overview = true;
      return;
    case 'candidate': {
      const candidate = ensureCandidate(model, event.id, changes);
      candidate.origin = event.origin;
      candidate.round = event.round ?? null;
      if (event.round !== undefined && event.round > model.maxRound) model.maxRound = event.round;
      if (event.revisionOf !== undefined) candidate.revisionOf = event.revisionOf;
      if (event.chain !== undefined && candidate.chain === null) {
        candidate.chain = event.chain;
        const chain = model.chains.get(event.chain);
        if (chain) chain.push(candidate.id);
        else model.chains.set(event.chain, [candidate.id]);
      }
      if (event.parentId !== undefined && candidate.parentId === null) attachToParent(model, candidate, event.parentId, changes);
      touch(candidate, changes);
      changes.added = true;
      return;
    }
    case 'delta': {
      const candidate = ensureCandidate(model, event.candidateId, changes);
      // A retried request starts the candidate's text over: the failed attempt's text is dropped.
      candidate.text = event.restart ? event.text : candidate.text + event.text;
      if (event.restart) candidate.thinking = event.thinking ?? '';
      else if (event.thinking) candidate.thinking += event.thinking;
      touch(candidate, changes);
      return;
    }
    case 'step': {
      const candidate = ensureCandidate(model, event.candidateId, changes);
      stepAt(candidate, event.index).text = event.text;
      touch(candidate, changes);
      return;
    }
    case 'score': {
      const candidate = ensureCandidate(model, event.candidateId, changes);
      stepAt(candidate, event.stepIndex).score = event.score;
      touch(candidate, changes);
      return;
    }
    case 'pruned': {
      const candidate = ensureCandidate(model, event.candidateId, changes);
      candidate.prunedRound = event.round;
      if (event.round > model.maxRound) model.maxRound = event.round;
      touch(candidate, changes);
      return;
    }
    case 'final': {
      const candidate = ensureCandidate(model, event.candidateId, changes);
      if (candidate.finished) withdrawLiveVote(model, candidate);
      candidate.finished = true;
      candidate.answer = event.answer;
      candidate.finalScore = event.score ?? null;
      candidate.accepted = event.accepted ?? null;
      if (event.thinking !== undefined) candidate.thinking = event.thinking;
      castLiveVote(model, candidate);
      touch(candidate, changes);
      changes.votes = true;
      return;
    }
    case 'usage': {
      const { type: _type, t: _t, stopped, ...usage } = event;
      model.usage = usage;
      if (stopped) model.stopped = { ...stopped };
      changes.overview = true;
      return;
    }
    case 'result':
      model.usage = { ...event.usage };
      if (event.stopped) model.stopped = { ...event.stopped };
      model.result = {
        answer: event.answer,
        votes: event.votes.map((v) => ({ ...v, candidateIds: [...v.candidateIds] })),
        bestCandidateId: event.bestCandidateId,
        elapsedMs: event.elapsedMs,
        partial: event.partial ?? false,
      };
      model.status = event.partial ? 'partial' : 'done';
      changes.overview = true;
      changes.votes = true;
      return;
    case 'error':
      model.errors.push({ t: event.t, message: event.message, fatal: event.fatal });
      if (event.fatal) model.status = 'failed';
      changes.overview = true;
      return;
    default: {
      const unknown: never = event;
      void unknown; // an event type from a newer server: ignore it rather than break the panel
    }
  }
}

/**
 * The route's reason without the workaround sentences it repeats (the server joins them into `reason`
 * with "; "), so a view that lists `workarounds` on their own shows each sentence once.
 */
export function reasonBesideWorkarounds(route: Pick<RouteEvent, 'reason' | 'workarounds'>): string {
  let reason = route.reason;
  for (const sentence of route.workarounds ?? []) {
    const at = reason.indexOf(sentence);
    if (at < 0) continue;
    reason = reason.slice(0, at) + reason.slice(at + sentence.length);
  }
  // Drop the separators the cuts left behind ("a; ; b", "a; ").
  return reason
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('; ');
}

/** Marks a run whose request failed without a fatal event (server crash, transport error). */
export function failRun(model: RunModel, message: string): void {
  model.failure = message;
  if (model.status === 'pending' || model.status === 'running') model.status = 'failed';
}

function ensureCandidate(model: RunModel, id: string, changes: RunChanges): CandidateModel {
  const existing = model.candidates.get(id);
  if (existing) return existing;
  // Events for a candidate announced late (or never) still count: create it rather than drop them.
  const candidate: CandidateModel = {
    id,
    seq: model.order.length,
    origin: 'sample',
    parentId: null,
    chain: null,
    revisionOf: null,
    round: null,
    text: '',
    thinking: '',
    steps: [],
    finished: false,
    answer: null,
    finalScore: null,
    accepted: null,
    prunedRound: null,
    children: [],
  };
  model.candidates.set(id, candidate);
  model.order.push(id);
  model.treeRoots.push(id);
  changes.added = true;
  return candidate;
}

function attachToParent(model: RunModel, candidate: CandidateModel, parentId: string, changes: RunChanges): void {
  const parent = ensureCandidate(model, parentId, changes);
  candidate.parentId = parentId;
  parent.children.push(candidate.id);
  touch(parent, changes);
  const rootIndex = model.treeRoots.lastIndexOf(candidate.id);
  if (rootIndex >= 0) model.treeRoots.splice(rootIndex, 1);
}

function touch(candidate: CandidateModel, changes: RunChanges): void {
  changes.candidates.add(candidate.id);
}

/** The step with this index, created in sorted position when missing (steps almost always arrive in order). */
function stepAt(candidate: CandidateModel, index: number): StepModel {
  const steps = candidate.steps;
  const last = steps[steps.length - 1];
  if (last === undefined || last.index < index) {
    const step = { index, text: '', score: null };
    steps.push(step);
    return step;
  }
  if (last.index === index) return last;
  let at = 0;
  while (steps[at].index < index) at++;
  if (steps[at].index === index) return steps[at];
  const step = { index, text: '', score: null };
  steps.splice(at, 0, step);
  return step;
}

function castLiveVote(model: RunModel, candidate: CandidateModel): void {
  if (candidate.answer === null) return;
  const vote = model.liveVotes.get(candidate.answer) ?? { answer: candidate.answer, weight: 0, count: 0, candidateIds: [] };
  vote.weight += candidate.finalScore ?? 1;
  vote.count++;
  vote.candidateIds.push(candidate.id);
  model.liveVotes.set(candidate.answer, vote);
}

function withdrawLiveVote(model: RunModel, candidate: CandidateModel): void {
  if (candidate.answer === null) return;
  const vote = model.liveVotes.get(candidate.answer);
  if (!vote) return;
  vote.weight -= candidate.finalScore ?? 1;
  vote.count--;
  vote.candidateIds = vote.candidateIds.filter((id) => id !== candidate.id);
  if (vote.count === 0) model.liveVotes.delete(candidate.answer);
}
