import type { DeltaEvent, SolveEvent } from './events';
import type { RunHeader, RunSnapshot } from './messages';
import { applyEvents, createRunModel, emptyChanges, failRun, reduceRun } from './runModel';
import type { RunChanges, RunModel } from './runModel';

/**
 * The panel's run history: every run it shows, each with its header, its event log (kept so the run
 * can be saved and rebuilt) and its model. Like the run model, updated in place and free of I/O.
 */

export interface RunRecord {
  header: RunHeader;
  events: SolveEvent[];
  model: RunModel;
}

export interface RunHistory {
  runs: Map<string, RunRecord>;
  /** Run ids, oldest first. */
  order: string[];
}

/** Older runs are dropped past this many, so a long session's panel stays small. */
export const MAX_RUNS = 20;

export function createHistory(): RunHistory {
  return { runs: new Map(), order: [] };
}

/** Adds a run (or resets one with the same id) and returns its record. */
export function startRun(history: RunHistory, header: RunHeader): RunRecord {
  const record: RunRecord = { header, events: [], model: createRunModel(header) };
  if (!history.runs.has(header.runId)) history.order.push(header.runId);
  history.runs.set(header.runId, record);
  while (history.order.length > MAX_RUNS) history.runs.delete(history.order.shift()!);
  return record;
}

/** Applies a `runEvents` batch; events for a run the panel never saw start it from the `started` event. */
export function appendRunEvents(history: RunHistory, runId: string, events: readonly SolveEvent[]): RunChanges {
  const record = history.runs.get(runId) ?? startRun(history, headerFromEvents(runId, events));
  for (const event of events) record.events.push(event);
  return applyEvents(record.model, events, emptyChanges());
}

export function failHistoryRun(history: RunHistory, runId: string, message: string): void {
  const record = history.runs.get(runId);
  if (record) failRun(record.model, message);
}

/** Replaces runs with snapshots (same ids are rebuilt); runs not in the snapshots are kept. */
export function restoreRuns(history: RunHistory, snapshots: readonly RunSnapshot[]): void {
  for (const snapshot of snapshots) {
    const record = startRun(history, snapshot.header);
    record.events.push(...snapshot.events);
    record.model = reduceRun(snapshot.header, snapshot.events);
    if (snapshot.failure !== undefined) failRun(record.model, snapshot.failure);
  }
}

/** A run as a snapshot, its deltas compacted, for saving in the webview's state. */
export function snapshotRun(record: RunRecord): RunSnapshot {
  const failure = record.model.failure;
  return { header: record.header, events: compactEvents(record.events), ...(failure === null ? {} : { failure }) };
}

/**
 * The same run in fewer events: all deltas of a candidate merged into one at the place of its first
 * (carrying the last one's `t`); a `restart` delta drops the text merged before it, as the reducer
 * does. Replaying the result gives the same model as the original.
 */
export function compactEvents(events: readonly SolveEvent[]): SolveEvent[] {
  const out: SolveEvent[] = [];
  const merged = new Map<string, { index: number; parts: string[]; t: number }>();
  for (const event of events) {
    if (event.type !== 'delta') {
      out.push(event);
      continue;
    }
    const entry = merged.get(event.candidateId);
    if (entry) {
      if (event.restart) entry.parts = [];
      entry.parts.push(event.text);
      entry.t = event.t;
    } else {
      merged.set(event.candidateId, { index: out.length, parts: [event.text], t: event.t });
      out.push(event);
    }
  }
  for (const [candidateId, { index, parts, t }] of merged) {
    const delta: DeltaEvent = { type: 'delta', t, candidateId, text: parts.join('') };
    out[index] = delta;
  }
  return out;
}

function headerFromEvents(runId: string, events: readonly SolveEvent[]): RunHeader {
  const started = events.find((e) => e.type === 'started');
  if (started?.type === 'started') return { runId, problem: started.problem, budget: started.budget, strategy: started.strategy };
  return { runId, problem: '' };
}
