// The router policy file: (difficulty bin, budget) -> (strategy, params), bin thresholds, provenance.
// Each row's params are checked against its strategy's own parameter schema (STRATEGIES[name].parameters).
// `policies/policy.schema.json` is generated from this schema (test/engine/units.test.ts checks it); after
// changing a strategy's parameters regenerate it with
//   npx tsx -e "import { writeFileSync } from 'node:fs'; import { policyJsonSchema } from './src/core/router/schema';
//     writeFileSync('policies/policy.schema.json', JSON.stringify(policyJsonSchema(), null, 2) + '\n');"
import { z } from 'zod';
import { STRATEGY_NAMES, type StrategyName } from '../../shared/strategies';
import { describeParamIssue, type ParamSchema } from '../strategies/params';
import { STRATEGIES } from '../strategies/registry';

const Cuts = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine((c) => c[0] >= c[1] && c[1] >= c[2] && c[2] >= c[3], {
    message: 'cut points must be in descending order (bin 1 is the easiest: highest score)',
  })
  .describe('Four descending cut points: a value >= the first is bin 1, ..., below the fourth is bin 5')
  .meta({ id: 'cutPoints' });

// One schema instance per strategy, shared by the rows and strategyDefaults (and by name in the JSON Schema's $defs).
const paramsOf = Object.fromEntries(
  STRATEGY_NAMES.map((name) => [name, STRATEGIES[name].parameters.meta({ id: `${name}.params` })]),
) as Record<StrategyName, ParamSchema>;

const rowFor = (strategy: StrategyName) =>
  z.strictObject({
    maxBudget: z.number().int().min(1).nullable().describe('The row applies to budgets up to this many generations; null: any budget'),
    strategy: z.literal(strategy),
    params: paramsOf[strategy].optional(),
    note: z.string().optional(),
  });

const [firstRow, ...otherRows] = STRATEGY_NAMES.map(rowFor);
export const RouteRow = z.discriminatedUnion('strategy', [firstRow, ...otherRows]);

const BinRows = z
  .array(RouteRow)
  .min(1)
  .refine((rows) => rows.every((r, i) => i === 0 || (r.maxBudget ?? Infinity) > (rows[i - 1].maxBudget ?? Infinity)), {
    message: 'rows must be ordered by increasing maxBudget, with null (any budget) only last',
  })
  .meta({ id: 'rows' });

const StrategyDefaults = z
  .strictObject(
    Object.fromEntries(STRATEGY_NAMES.map((name) => [name, paramsOf[name].optional()])) as Record<StrategyName, z.ZodOptional<ParamSchema>>,
  )
  .describe("Parameters used when a strategy is chosen explicitly (--strategy); a row's own params take precedence over them");

export const PolicyFile = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    version: z.literal(1),
    provenance: z
      .object({
        source: z.string().describe('Where the table came from: "built-in default (paper findings)", "ponder calibrate", ...'),
        created: z.string().optional(),
        dataset: z.string().optional(),
        policyModel: z.string().optional(),
        verifier: z.string().optional(),
        notes: z.string().optional(),
      })
      .catchall(z.unknown()),
    thresholds: z.object({ verifier: Cuts, agreement: Cuts }).strict(),
    bins: z.object({ '1': BinRows, '2': BinRows, '3': BinRows, '4': BinRows, '5': BinRows }).strict(),
    strategyDefaults: StrategyDefaults.optional(),
  })
  .strict();

// Params are typed as a record of the keys given: parsePolicy returns them as written (no defaults filled
// in), so that a row's params layer over strategyDefaults and the settings.
export type PolicyFile = z.infer<typeof PolicyFile>;
export type RouteRow = z.infer<typeof RouteRow>;

/**
 * Validates a parsed policy file; the error lists every problem: a parameter's by bin, row and strategy
 * ("bin 3 (maxBudget 64), beam: unknown parameter "widht" (known: width)"), anything else by its JSON path.
 */
export function parsePolicy(json: unknown, source: string): PolicyFile {
  const result = PolicyFile.safeParse(json);
  if (result.success) return structuredClone(json as PolicyFile); // as written: a strategy fills its defaults when it plans
  const problems = result.error.issues.map(
    (issue) => paramProblem(json, issue) ?? `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
  throw new Error(
    problems.length === 1
      ? `invalid router policy ${source}: ${problems[0]}`
      : `invalid router policy ${source}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}

/** A problem inside a row's or strategyDefaults' params, worded with the bin, the row and the strategy; null for any other. */
function paramProblem(json: unknown, issue: z.core.$ZodIssue): string | null {
  const path = issue.path;
  if (path[0] === 'bins' && path[3] === 'params') {
    const row = at(json, path.slice(0, 3)) as { maxBudget?: unknown; strategy: StrategyName };
    return `bin ${String(path[1])} (maxBudget ${JSON.stringify(row.maxBudget)}), ${describeParamIssue(row.strategy, paramsOf[row.strategy], issue, at(json, path.slice(0, 4)), 4)}`;
  }
  if (path[0] === 'strategyDefaults' && path.length === 1 && issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => `strategyDefaults: unknown strategy ${JSON.stringify(key)} (known: ${STRATEGY_NAMES.join(', ')})`)
      .join('; ');
  }
  if (path[0] === 'strategyDefaults' && path.length >= 2) {
    const strategy = path[1] as StrategyName;
    return `strategyDefaults, ${describeParamIssue(strategy, paramsOf[strategy], issue, at(json, path.slice(0, 2)), 2)}`;
  }
  return null;
}

function at(json: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    json,
  );
}

/** The JSON Schema of the policy file, as committed in policies/policy.schema.json for editors. */
export function policyJsonSchema(): Record<string, unknown> {
  return { title: 'Ponder router policy', ...z.toJSONSchema(PolicyFile, { io: 'input' }) };
}
