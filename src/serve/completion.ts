// One chat completion: runs the engine on the request's problem and answers as JSON, or as server-sent
// events while the search runs (progress as `reasoning_content` deltas, then the solution as `content`
// deltas, then `usage`). The client closing its connection before the answer is complete aborts the
// run, which cancels its in-flight upstream requests.
import type { ServerResponse } from 'node:http';
import type { Engine } from '../core/index';
import type { SolveResult } from '../shared/events';
import { applyEvents, createRunModel } from '../shared/runModel';
import { newRunId } from '../shared/solveRequest';
import { ServeError } from './errors';
import { progressLine } from './progress';
import type { ChatRun } from './request';
import { chatCompletion, chunk, ponderSummary, solutionText, usageChunk, type CompletionIdentity } from './response';
import { SseWriter } from './sse';

export async function serveCompletion(engine: Engine, chat: ChatRun, res: ServerResponse): Promise<SolveResult> {
  const runId = newRunId();
  const identity: CompletionIdentity = { id: `chatcmpl-${runId}`, created: Math.floor(Date.now() / 1000), model: chat.model };
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  const run = engine.solve({
    runId,
    problem: chat.problem,
    strategy: chat.strategy,
    ...(chat.budget === undefined ? {} : { budget: chat.budget }),
    ...(chat.tokenCap === undefined ? {} : { tokenCap: chat.tokenCap }),
    ...(chat.seed === undefined ? {} : { seed: chat.seed }),
    // Progress is reported per candidate, not per token, so the upstream requests need not stream.
    deltas: false,
    signal: controller.signal,
  });
  const model = createRunModel({ runId, problem: chat.problem });
  const sse = chat.stream ? new SseWriter(res) : null;
  sse?.send(chunk(identity, { role: 'assistant' }));
  for await (const event of run) {
    applyEvents(model, [event]);
    const line = sse ? progressLine(event) : null;
    if (sse && line) sse.send(chunk(identity, { reasoning_content: line }));
  }
  const result = await run.result;
  if (controller.signal.aborted) return result;
  if (result.error) {
    const error = new ServeError(502, `the run failed: ${result.error}`, 'server_error', 'upstream_error');
    if (!sse) throw error;
    sse.fail(error.body());
    return result;
  }
  const content = solutionText(model, result);
  const ponder = ponderSummary(model, result, chat.tokenCap);
  if (!sse) {
    const text = JSON.stringify(chatCompletion(identity, content, result.usage, ponder));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return result;
  }
  // One content delta per paragraph (step), as a model would stream them.
  for (const paragraph of content.split(/(?<=\n\n)/)) sse.send(chunk(identity, { content: paragraph }));
  sse.send(chunk(identity, {}, 'stop', { ponder }));
  if (chat.includeUsage) sse.send(usageChunk(identity, result.usage));
  sse.done();
  return result;
}
