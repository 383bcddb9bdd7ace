// The router policy file: (difficulty bin, budget) -> (strategy, params), bin thresholds, provenance.
// `policies/policy.schema.json` is generated from this schema (test/engine/policy-file.test.ts checks it).
import { z } from 'zod';
import { STRATEGY_NAMES } from '../../shared/strategies';

const Params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

const Cuts = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine((c) => c[0] >= c[1] && c[1] >= c[2] && c[2] >= c[3], { message: 'cut points must be in descending order (bin 1 is the easiest: highest score)' })
  .describe('Four descending cut points: a value >= the first is bin 1, ..., below the fourth is bin 5');

export const RouteRow = z
  .object({
    maxBudget: z.number().int().min(1).nullable().describe('The row applies to budgets up to this many generations; null: any budget'),
    strategy: z.enum(STRATEGY_NAMES),
    params: Params.optional(),
    note: z.string().optional(),
  })
  .strict();

const BinRows = z
  .array(RouteRow)
  .min(1)
  .refine((rows) => rows.every((r, i) => i === 0 || (r.maxBudget ?? Infinity) > (rows[i - 1].maxBudget ?? Infinity)), {
    message: 'rows must be ordered by increasing maxBudget, with null (any budget) only last',
  });

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
    strategyDefaults: z.partialRecord(z.enum(STRATEGY_NAMES), Params).optional().describe('Parameters used when a strategy is chosen explicitly (--strategy)'),
  })
  .strict();

export type PolicyFile = z.infer<typeof PolicyFile>;
export type RouteRow = z.infer<typeof RouteRow>;

/** Validates a parsed policy file; the error lists every problem with its JSON path. */
export function parsePolicy(json: unknown, source: string): PolicyFile {
  const result = PolicyFile.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
  throw new Error(`invalid router policy ${source}:\n${problems}`);
}

/** The JSON Schema of the policy file, as committed in policies/policy.schema.json for editors. */
export function policyJsonSchema(): Record<string, unknown> {
  return { title: 'Ponder router policy', ...z.toJSONSchema(PolicyFile, { io: 'input' }) };
}
