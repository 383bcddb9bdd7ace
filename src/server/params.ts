// Validation of the `ponder/*` request params (zod): a bad request gets InvalidParams (-32602) with a
// message saying which field is wrong and why, and the server keeps serving.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { z } from 'zod';
import type { SolveParams } from '../shared/protocol';
import { solveRequestSchema } from '../shared/solveRequest';

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.object({ start: position, end: position });
const progressToken = z.union([z.string(), z.number().int()]);

/** The shared solve request plus what the LSP adds (protocol.ts `SolveParams`). */
export const solveParams = solveRequestSchema.extend({
  uri: z.string().optional(),
  range: range.optional(),
  workDoneToken: progressToken.optional(),
});

// Compile-time drift check: what the schema accepts is exactly the protocol's SolveParams.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const solveParamsMatch: Same<z.infer<typeof solveParams>, SolveParams> = true;
void solveParamsMatch;

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
      const nested =
        issue.code === 'invalid_union'
          ? ` (${issue.errors.map((branch) => branch.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join(', ')).join(' | or | ')})`
          : '';
      return `${where}: ${issue.message}${nested}`;
    })
    .join('; ');
}
