// results.jsonl: one line per problem x strategy x budget. The shape is parsed back with zod by
// `ponder calibrate` and by the tests.
import { z } from 'zod';
import { readJsonl } from '../core/jsonl';

const usageSchema = z.object({
  generations: z.number(),
  failedGenerations: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  tokens: z.number(),
  requests: z.number(),
  verifierCalls: z.number(),
  flops: z.number().optional(),
});

const binSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

export const resultLineSchema = z.object({
  unique_id: z.string(),
  level: z.number().nullable(),
  strategy: z.string(),
  budget: z.number().int().positive(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  /** The answer given (for pool strategies: the first subset draw's answer). */
  answer: z.string().nullable(),
  /** A boolean for a single run; the fraction right over the averaged subset draws for pool strategies. */
  correct: z.union([z.boolean(), z.number().min(0).max(1)]),
  /** Pool strategies: the pool's usage pro rata (N of its samples); search strategies: the run's own. */
  usage: usageSchema,
  /** Oracle bin (pass@1 quantile of the pool), 1 easy .. 5 hard. */
  bin: binSchema,
  /** Bin the router would predict from its probe (min(probe, floor(budget/2)) pool samples) with the eval's cut points. */
  predictedBin: binSchema,
  /** The probe's difficulty signal behind `predictedBin` (mean last-step score, or answer agreement). */
  signal: z.number(),
  /** Pool strategies: how many subsets were averaged. */
  draws: z.number().int().positive().optional(),
});

export type ResultLine = z.infer<typeof resultLineSchema>;

export function correctValue(line: Pick<ResultLine, 'correct'>): number {
  return typeof line.correct === 'boolean' ? (line.correct ? 1 : 0) : line.correct;
}

export function readResults(path: string): ResultLine[] {
  return readJsonl(path, resultLineSchema, 'a results line', { hint: 'run ponder eval --out DIR first' }).map((row) => row.value);
}
