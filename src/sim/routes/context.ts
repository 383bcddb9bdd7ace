// What every route handler receives, and what it returns to the HTTP layer.
import type { Emulation } from '../emulate/types';
import type { Simulator } from '../engine';
import type { SequenceRunner } from '../sequences';
import type { SimStats } from '../stats';

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
}

export type Reply = { kind: 'json'; body: unknown } | { kind: 'stream'; events: AsyncIterable<unknown> };

export type Handler = (context: RouteContext) => Promise<Reply>;
