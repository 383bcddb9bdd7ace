// What every route handler receives, and what it returns to the HTTP layer.
import type { Emulation } from '../emulate/types';
import type { Simulator } from '../engine';
import type { SequenceRunner } from '../sequences';
import type { SimStats } from '../stats';
import type { StrictReplay } from '../strict-replay';

export interface RouteContext {
  sim: Simulator;
  runner: SequenceRunner;
  stats: SimStats;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  body: unknown;
  /** A unique id for this request's response. */
  id: string;
  created: number;
  /** The real server being imitated (--emulate), or null for the simulator's own behaviour. */
  emulation: Emulation | null;
  /** --replay F --strict: serves only recordings; null otherwise. */
  strict: StrictReplay | null;
}

/** `headers`: extra response headers (x-ponder-replay says what a replaying sim served). */
export type Reply =
  | { kind: 'json'; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream'; events: AsyncIterable<unknown>; headers?: Record<string, string> };

export type Handler = (context: RouteContext) => Promise<Reply>;
