// Validation of the `ponder/*` request params (zod): a bad request gets InvalidParams (-32602) with a
// message saying which field is wrong and why, and the server keeps serving.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { z } from 'zod';
import { STRATEGY_NAMES } from '../shared/strategies';

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.object({ start: position, end: position });
const progressToken = z.union([z.string(), z.number().int()]);

export const solveParams = z.object({
  runId: z.string().min(1).max(200).optional(),
  problem: z.string().refine((p) => p.trim().length > 0, 'must not be empty').refine((p) => p.length <= 100_000, 'must be at most 100000 characters'),
  budget: z.number().int().min(1).max(100_000).optional(),
  strategy: z.enum(['auto', ...STRATEGY_NAMES]).optional(),
  uri: z.string().optional(),
  range: range.optional(),
  workDoneToken: progressToken.optional(),
});

const scoreTextParams = z.object({
  problem: z.string().refine((p) => p.trim().length > 0, 'must not be empty'),
  solution: z.string().refine((p) => p.trim().length > 0, 'must not be empty'),
});

const scoreDocumentParams = z.object({ uri: z.string().min(1), range: range.optional() });

export const scoreStepsParams = z.union([scoreTextParams, scoreDocumentParams]);

export const cancelParams = z.object({ runId: z.string().min(1) });

export const capabilitiesParams = z.object({ refresh: z.boolean().optional() }).nullish();

export const setSecretsParams = z.object({ policyApiKey: z.string().optional(), verifierApiKey: z.string().optional() });

/** Parses params or throws InvalidParams naming each wrong field (never echoing the values). */
export function parseParams<T>(method: string, schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid params: ${describeIssues(parsed.error)}`);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `params.${issue.path.join('.')}` : 'params';
      const nested = issue.code === 'invalid_union' ? ` (${issue.errors.map((branch) => branch.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join(', ')).join(' | or | ')})` : '';
      return `${where}: ${issue.message}${nested}`;
    })
    .join('; ');
}
