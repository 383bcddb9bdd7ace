// One solve request, defined once. The zod schema validates it where it crosses a process boundary
// (the language server's `ponder/solve`) and the TypeScript type is inferred from it, so the check and
// the type cannot drift. The LSP params (`SolveParams`, protocol.ts) and the panel's run header
// (`RunHeader`, messages.ts) are documented extensions of it.
import { z } from 'zod';
import { STRATEGY_NAMES } from './strategies';

const MAX_PROBLEM_CHARS = 100_000;

export const solveRequestSchema = z.object({
  /** The run's id (see `newRunId`); chosen by the caller so it can match events from the first one. */
  runId: z.string().min(1).max(200).optional(),
  problem: z
    .string()
    .refine((p) => p.trim().length > 0, 'must not be empty')
    .refine((p) => p.length <= MAX_PROBLEM_CHARS, `must be at most ${MAX_PROBLEM_CHARS} characters`),
  /** Generations for this run (an integer >= 1); `ponder.budget.generations` when absent. */
  budget: z.number().int().min(1).max(100_000).optional(),
  /** A strategy name or `auto`; `ponder.strategy` when absent. */
  strategy: z.enum(['auto', ...STRATEGY_NAMES]).optional(),
  /**
   * A run seed: every request then carries a `seed` derived from it and the candidate it is for, so
   * the same request to the same (seeded) server gives the same run. Absent: unseeded sampling.
   */
  seed: z.number().int().optional(),
  /** false: no `delta` events and unstreamed requests (cheaper for batch evaluation). Default true. */
  deltas: z.boolean().optional(),
  /**
   * With an explicit strategy: draw the difficulty probe first, exactly as `auto` does (it counts against
   * the budget and its samples join the strategy), so the run is what the router does when it picks
   * this strategy. Used by `ponder eval` to measure the router's candidate routes. Default false.
   */
  probe: z.boolean().optional(),
  /**
   * With an explicit strategy: its parameters (checked against its schema when it plans), over the policy
   * file's strategyDefaults; `ponder eval` runs strategy variants (`beam:width=16`) with them. Refused
   * with `auto`, whose routes take theirs from the policy file's rows. Added with strategy variants.
   */
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  /** Tokens (prompt + completion, all generations) after which no new generation starts; `ponder.budget.tokenCap` when absent, 0 = none. Added with `ponder serve`. */
  tokenCap: z.number().int().min(0).optional(),
});

/** A request to solve one problem. `budget` and `strategy` override the settings for this run. */
export type SolveRequest = z.infer<typeof solveRequestSchema>;

/** A request whose run has its id: what every layer below the one that minted the id works with. */
export type RunRequest = SolveRequest & { runId: string };

/**
 * A new run id (a UUID). Minted once per run, by the first layer that handles a request without one:
 * the extension (before it opens the panel, so the panel and the server agree on the id), the language
 * server for LSP clients that send none, or the engine for direct callers (CLI, eval). Every layer
 * below takes the id it is given.
 */
export function newRunId(): string {
  return globalThis.crypto.randomUUID();
}
