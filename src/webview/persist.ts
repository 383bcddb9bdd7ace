import type { SolveEvent } from '../shared/events';
import type { RunSnapshot } from '../shared/messages';

/**
 * What the panel saves with `setState` so it redraws after being hidden or reloaded: selections,
 * closed sections and finished runs (compacted). Live runs are re-sent by the extension on `ready`.
 */
export type SortMode = 'score' | 'order';

export interface SavedPanelState {
  readonly v: 1;
  readonly selectedRunId: string | null;
  /** Run id -> selected candidate id. */
  readonly selectedCandidates: Readonly<Record<string, string>>;
  readonly sort: SortMode;
  /** Ids of collapsed sections. */
  readonly closed: readonly string[];
  readonly runs: readonly RunSnapshot[];
}

/** Finished runs kept in the saved state, newest last. */
export const MAX_SAVED_RUNS = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSnapshot(value: unknown): value is RunSnapshot {
  if (!isRecord(value) || !isRecord(value.header) || !Array.isArray(value.events)) return false;
  const { runId, problem } = value.header;
  return (
    typeof runId === 'string' &&
    typeof problem === 'string' &&
    value.events.every((e: unknown) => isRecord(e) && typeof e.type === 'string' && typeof e.t === 'number')
  );
}

/** The saved state, or null when there is none or it is from another version (start fresh). */
export function parseSavedState(raw: unknown): SavedPanelState | null {
  if (!isRecord(raw) || raw.v !== 1) return null;
  const selectedCandidates: Record<string, string> = {};
  if (isRecord(raw.selectedCandidates)) {
    for (const [run, candidate] of Object.entries(raw.selectedCandidates))
      if (typeof candidate === 'string') selectedCandidates[run] = candidate;
  }
  return {
    v: 1,
    selectedRunId: typeof raw.selectedRunId === 'string' ? raw.selectedRunId : null,
    selectedCandidates,
    sort: raw.sort === 'order' ? 'order' : 'score',
    closed: Array.isArray(raw.closed) ? raw.closed.filter((c): c is string => typeof c === 'string') : [],
    runs: Array.isArray(raw.runs) ? raw.runs.filter(isSnapshot).map((s) => ({ ...s, events: s.events as SolveEvent[] })) : [],
  };
}
