// The router: loads the policy (a file, or the built-in default bundled into the code), picks
// (strategy, params) for a difficulty bin and budget, and filters by what the endpoints can do.
import { readFileSync } from 'node:fs';
import type { DifficultyBin, StrategyName } from '../../shared/strategies';
import { STEP_STRATEGIES, VERIFIER_STRATEGIES } from '../../shared/strategies';
import builtInPolicy from '../../../policies/default.json';
import { parsePolicy, type PolicyFile } from './schema';
import type { StrategyParams } from '../strategies/types';

export function loadPolicy(path: string): PolicyFile {
  if (!path) return parsePolicy(builtInPolicy, '(built-in default)');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read the router policy file ${path} (ponder.router.policyFile / --policy-file): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`the router policy file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parsePolicy(json, path);
}

export interface Route {
  strategy: StrategyName;
  params: StrategyParams;
  reason: string;
  /** See RouteEvent.workarounds. */
  workarounds?: string[];
}

export function routeByTable(policy: PolicyFile, bin: DifficultyBin, budget: number): Route {
  const rows = policy.bins[String(bin) as '1' | '2' | '3' | '4' | '5'];
  const row = rows.find((r) => r.maxBudget === null || budget <= r.maxBudget) ?? rows[rows.length - 1];
  const range = row.maxBudget === null ? 'any budget' : `budgets <= ${row.maxBudget}`;
  // The row's own params (a calibrated variant such as beam width=16) are named, so the reason says what runs.
  const own = Object.entries(row.params ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return {
    strategy: row.strategy,
    params: { ...(policy.strategyDefaults?.[row.strategy] ?? {}), ...(row.params ?? {}) },
    reason: `bin ${bin} at ${range} -> ${[row.strategy, ...own].join(' ')} (${policy.provenance.source})${row.note ? `: ${row.note}` : ''}`,
  };
}

export interface Capability {
  continuation: boolean;
  verifier: boolean;
  /** The policy thinks before it answers (a reasoning model): step-level search does not apply. */
  reasoning?: boolean;
}

/** Replaces a strategy the endpoints cannot run, saying why; returns the route unchanged otherwise. */
export function filterByCapabilities(route: Route, can: Capability, policy: PolicyFile): Route {
  const fallback = (why: string): Route => {
    const strategy: StrategyName = can.verifier ? 'weighted-best-of-n' : 'majority';
    return {
      strategy,
      params: { ...(policy.strategyDefaults?.[strategy] ?? {}) },
      reason: `${route.reason}; ${why}, so ${strategy} instead`,
    };
  };
  if (STEP_STRATEGIES.includes(route.strategy) && can.reasoning)
    return fallback(
      `${route.strategy} grows solutions step by step from partial answers, and a reasoning policy cannot continue a partial answer past its thinking (stop strings would cut the thinking instead)`,
    );
  if (STEP_STRATEGIES.includes(route.strategy) && !can.continuation)
    return fallback(`${route.strategy} needs a policy endpoint that continues a partial answer and this one cannot (continuation: none)`);
  if (VERIFIER_STRATEGIES.includes(route.strategy) && !can.verifier)
    return fallback(`${route.strategy} needs a verifier and this run has none`);
  return route;
}
