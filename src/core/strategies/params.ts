// Strategy parameters: each strategy declares a strict zod object (names, types, ranges, defaults, one-line
// descriptions) in its own file; this module parses against it and words its complaints so that a user
// sees the strategy, the key and the allowed values ("beam.width must be an integer >= 2; got 1").
import { z } from 'zod';
import type { StrategyName } from '../../shared/strategies';
import { STEP_AGGREGATIONS } from '../voting';

type ParamValue = number | string | boolean;

/** One parameter: a scalar with its range, default and description. */
export type ParamField = z.ZodType<ParamValue, ParamValue | undefined>;

/** A strategy's parameter schema; unknown keys are errors. */
export type ParamSchema = z.ZodObject<{ [key: string]: ParamField }, z.core.$strict>;

/** Best-of-N and weighted best-of-N: how each solution's step scores make its score. */
export const STEP_SCORE_PARAMS = z.strictObject({
  stepAggregation: z
    .enum(STEP_AGGREGATIONS)
    .default('last')
    .describe("How a solution's step scores make its score: the last step's (the paper's choice), the lowest, or their product"),
});

/**
 * Adaptive stopping (majority, best-of-N, weighted best-of-N, revisions): the confidence at which the vote counts as settled;
 * 0 follows the setting budget.stopWhenSettled (itself 0, off, by default).
 */
export const SETTLE_PARAM = z
  .number()
  .min(0)
  .max(0.999)
  .default(0)
  .describe(
    'Stop drawing once the leading answer keeps its lead at the budget with this probability; 0: as the setting budget.stopWhenSettled says (off by default)',
  );

/**
 * Adaptive stopping's second rule: stop once drawing to the budget would raise the chance of a right answer
 * by less than this; 0 follows the setting budget.stopWhenGainBelow (itself 0, off, by default).
 */
export const GAIN_BELOW_PARAM = z
  .number()
  .min(0)
  .max(0.5)
  .default(0)
  .describe(
    'Stop drawing once drawing to the budget would raise the chance of a right answer by less than this; 0: as the setting budget.stopWhenGainBelow says (off by default)',
  );

/** Majority's parameters: only adaptive stopping. */
export const MAJORITY_PARAMS = z.strictObject({ settle: SETTLE_PARAM, gainBelow: GAIN_BELOW_PARAM });

/** Best-of-N's: step aggregation and the settled rule (its single top score gives no vote share to gain on). */
export const BEST_PARAMS = STEP_SCORE_PARAMS.extend({ settle: SETTLE_PARAM });

/** Weighted best-of-N's: step aggregation and adaptive stopping. */
export const WEIGHTED_PARAMS = STEP_SCORE_PARAMS.extend({ settle: SETTLE_PARAM, gainBelow: GAIN_BELOW_PARAM });

/** The typed, defaulted parameters, or an error naming the strategy, each bad key and what it accepts. */
export function parseParams<S extends ParamSchema>(strategy: StrategyName, schema: S, params: unknown): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  throw new Error(
    `invalid parameters: ${result.error.issues.map((issue) => describeParamIssue(strategy, schema, issue, params)).join('; ')}`,
  );
}

/**
 * One zod issue in a strategy's parameters, as a sentence that says what to change. `depth`: where the
 * parameters sit in the issue's path (0 when `params` itself was parsed).
 */
export function describeParamIssue(
  strategy: StrategyName,
  schema: ParamSchema,
  issue: z.core.$ZodIssue,
  params: unknown,
  depth = 0,
): string {
  const known = Object.keys(schema.shape);
  const knownList = known.length ? `known: ${known.join(', ')}` : `${strategy} takes no parameters`;
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => `${strategy}: unknown parameter ${JSON.stringify(key)} (${knownList})`).join('; ');
  const key = issue.path[depth];
  if (typeof key !== 'string' || !(key in schema.shape))
    return `${strategy}: params must be an object of parameters (${knownList}); got ${JSON.stringify(params)}`;
  const value = (params as Record<string, unknown>)[key];
  return `${strategy}.${key} must be ${constraintOf(schema.shape[key])}; got ${JSON.stringify(value)}`;
}

/** "an integer >= 2", "a number > 0", "one of "always", "stochastic-climb"": read off the field's JSON Schema. */
function constraintOf(field: ParamField): string {
  const json = z.toJSONSchema(field, { io: 'input' }) as Record<string, unknown>;
  if (Array.isArray(json.enum)) return `one of ${json.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (json.type === 'boolean') return 'true or false';
  if (json.type === 'string') return 'a string';
  const bounds = [
    typeof json.minimum === 'number' && json.minimum > Number.MIN_SAFE_INTEGER ? `>= ${json.minimum}` : null,
    typeof json.exclusiveMinimum === 'number' ? `> ${json.exclusiveMinimum}` : null,
    typeof json.maximum === 'number' && json.maximum < Number.MAX_SAFE_INTEGER ? `<= ${json.maximum}` : null,
    typeof json.exclusiveMaximum === 'number' ? `< ${json.exclusiveMaximum}` : null,
  ].filter((b): b is string => b !== null);
  return `${json.type === 'integer' ? 'an integer' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
}
