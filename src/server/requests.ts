// The `ponder/*` methods: solve, cancel, scoreSteps (text and document forms), capabilities, setSecrets.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ScoreStepsResult } from '../shared/api';
import { parseDocument, solutionFor } from '../shared/documents';
import * as protocol from '../shared/protocol';
import { newRunId } from '../shared/solveRequest';
import type { ServerContext } from './context';
import { publishDiagnostics, refreshInlayHints } from './documents';
import { errorMessage } from './log';
import { onNotification, onRequest } from './rpc';
import { cancelParams, capabilitiesParams, parseParams, scoreStepsParams, setSecretsParams, solveParams } from './params';

/** Turns unexpected failures into RequestFailed with a redacted message a user can act on; the server keeps serving. */
function guarded<R>(ctx: ServerContext, method: string, handler: (params: unknown, token: CancellationToken) => Promise<R>) {
  return async (params: unknown, token: CancellationToken): Promise<R> => {
    ctx.log.info(`${method}: request`);
    try {
      return await handler(params, token);
    } catch (err) {
      if (err instanceof ResponseError) {
        ctx.log.warn(`${method}: ${err.message}`);
        throw new ResponseError(err.code, ctx.secrets.redact(err.message));
      }
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${method} was cancelled`);
      const message = ctx.secrets.redact(`${method} failed: ${errorMessage(err)}`);
      ctx.log.error(message);
      throw new ResponseError(LSPErrorCodes.RequestFailed, message);
    }
  };
}

function abortSignalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

export function registerRequests(ctx: ServerContext): void {
  const { connection, ready } = ctx;

  onRequest(
    connection,
    protocol.solve,
    guarded(ctx, protocol.solve.method, async (raw, token) => {
      const params = parseParams(protocol.solve.method, solveParams, raw);
      await ready;
      if (params.runId && ctx.runs.isActive(params.runId)) {
        throw new ResponseError(ErrorCodes.InvalidParams, `ponder/solve: run ${params.runId} is already in progress; choose a new runId`);
      }
      if (ctx.log.enabled('debug')) ctx.log.debug(`ponder/solve: ${JSON.stringify({ ...params, problem: params.problem.slice(0, 200) })}`);
      const { workDoneToken, uri: _uri, range: _range, ...request } = params;
      const progress = connection.window.attachWorkDoneProgress(workDoneToken);
      // A client that chose no id gets one here, the run's first layer.
      return ctx.runs.run(
        () => ctx.engines.get(),
        { ...request, runId: request.runId ?? newRunId() },
        ctx.settings.budget.generations,
        token,
        progress,
      );
    }),
  );

  onNotification(connection, protocol.cancel, (raw) => {
    const parsed = cancelParams.safeParse(raw);
    if (!parsed.success) return ctx.log.warn('ponder/cancel: invalid params: expected {runId: string}');
    if (!ctx.runs.cancel(parsed.data.runId)) ctx.log.info(`ponder/cancel: no run ${parsed.data.runId} in progress`);
  });

  onRequest(
    connection,
    protocol.scoreSteps,
    guarded(ctx, protocol.scoreSteps.method, async (raw, token): Promise<protocol.ScoreStepsResponse> => {
      const params = parseParams(protocol.scoreSteps.method, scoreStepsParams, raw);
      await ready;
      const signal = abortSignalOf(token);
      if ('solution' in params) return ctx.engines.get().scoreSteps({ problem: params.problem, solution: params.solution, signal });
      return scoreDocument(ctx, params, signal);
    }),
  );

  onRequest(
    connection,
    protocol.capabilities,
    guarded(ctx, protocol.capabilities.method, async (raw) => {
      const params = parseParams(protocol.capabilities.method, capabilitiesParams, raw);
      await ready;
      // No cancellation signal: the probe is cached and shared, one caller's cancel must not spoil it.
      const capabilities = await ctx.engines.capabilities(params?.refresh === true);
      ctx.status.update({ capabilities, failure: null });
      return capabilities;
    }),
  );

  onNotification(connection, protocol.setSecrets, (raw) => {
    const parsed = setSecretsParams.safeParse(raw);
    if (!parsed.success)
      return ctx.log.warn('ponder/setSecrets: invalid params: expected {policyApiKey?: string, verifierApiKey?: string}; keys unchanged');
    if (!ctx.secrets.set(parsed.data)) return;
    const held = ctx.secrets.get();
    ctx.log.info(
      `ponder/setSecrets: API keys updated (policy key ${held.policyApiKey ? 'set' : 'not set'}, verifier key ${held.verifierApiKey ? 'set' : 'not set'})`,
    );
    ctx.endpointsChanged();
  });
}

async function scoreDocument(
  ctx: ServerContext,
  params: protocol.ScoreDocumentParams,
  signal: AbortSignal,
): Promise<protocol.ScoreStepsResponse> {
  const document = ctx.documents.get(params.uri);
  if (!document)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `ponder/scoreSteps: ${params.uri} is not open; send textDocument/didOpen first, or pass {problem, solution}`,
    );
  const parsed = parseDocument(document.getText());
  const solution = solutionFor(parsed, params.range?.start);
  const where = params.range ? ` at line ${params.range.start.line + 1}` : '';
  if (!solution)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `ponder/scoreSteps: no solution${where} in ${params.uri}; put it under a heading starting with "Solution"`,
    );
  if (solution.problemIndex === null) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `ponder/scoreSteps: the solution at line ${solution.heading.start.line + 1} of ${params.uri} has no problem above it (a heading starting with "Problem")`,
    );
  }
  const problem = parsed.problems[solution.problemIndex].body.text;
  // The text the scores belong to, even if the document changes while the verifier works.
  const snapshot = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
  const result: ScoreStepsResult = await ctx.engines.get().scoreSteps({ problem, solution: solution.body.text, signal });
  ctx.scores.record(params.uri, problem, solution.body.text, result);
  publishDiagnostics(ctx, params.uri);
  refreshInlayHints(ctx);
  const base = solution.body.start;
  return {
    ...result,
    document: {
      uri: params.uri,
      version: snapshot.version,
      range: solution.body.range,
      stepRanges: result.steps.map((step) => ({
        start: snapshot.positionAt(base + step.start),
        end: snapshot.positionAt(base + step.end),
      })),
    },
  };
}
