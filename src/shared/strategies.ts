/** The strategy names, used the same way by the CLI, settings, events and policy files. */
export const STRATEGY_NAMES = ['majority', 'best-of-n', 'weighted-best-of-n', 'beam', 'lookahead', 'revisions'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];
export type StrategyChoice = StrategyName | 'auto';

export function isStrategyName(value: unknown): value is StrategyName {
  return typeof value === 'string' && (STRATEGY_NAMES as readonly string[]).includes(value);
}

export function isStrategyChoice(value: unknown): value is StrategyChoice {
  return value === 'auto' || isStrategyName(value);
}

/** Strategies that need the verifier's step scores. */
export const VERIFIER_STRATEGIES: readonly StrategyName[] = ['best-of-n', 'weighted-best-of-n', 'beam', 'lookahead'];
/** Strategies that grow solutions step by step and so need a policy that continues a partial answer. */
export const STEP_STRATEGIES: readonly StrategyName[] = ['beam', 'lookahead'];

/** Difficulty bins: 1 (easy) to 5 (hard). */
export type DifficultyBin = 1 | 2 | 3 | 4 | 5;
