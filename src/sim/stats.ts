// Counters served at GET /sim/stats.
export const FAULT_KINDS = ['fail', 'rate-limit', 'stall', 'truncate', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SimStats {
  /** API requests received (everything but /sim/stats itself). */
  requests: number;
  /** Requests accepted and not yet answered or abandoned (queued and stalled ones included). */
  inFlight: number;
  /** Sequences waiting for capacity. */
  queued: number;
  /** Policy sequences started (a request with n: k is k generations). */
  generations: number;
  /** Of those, the ones whose client hung up before they were delivered in full (a cancel, a Ctrl-C). */
  abandonedGenerations: number;
  promptTokens: number;
  completionTokens: number;
  faults: Record<FaultKind, number>;
}

export function emptyStats(): SimStats {
  return {
    requests: 0,
    inFlight: 0,
    queued: 0,
    generations: 0,
    abandonedGenerations: 0,
    promptTokens: 0,
    completionTokens: 0,
    faults: { fail: 0, 'rate-limit': 0, stall: 0, truncate: 0, malformed: 0 },
  };
}
