// Documents over real JSON-RPC: code lenses for problems and solutions, ponder/scoreSteps on text and
// on an open document (inlay hints, refresh, one low-score diagnostic), and configuration changes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol/node';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { scoreSteps, solve } from '../../src/shared/protocol';
import { parseDocument } from '../../src/shared/documents';
import { simSettings, startServer, type TestClient } from './lspClient';
import { markdownDocument, plainProblem } from './fixtures';

let sim: Sim;
before(async () => {
  sim = await startSim(['--problems', MATH500]);
});
after(() => sim?.stop());

const URI = 'file:///homework.md';

async function open(client: TestClient, text: string, languageId = 'markdown', uri = URI): Promise<void> {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

const lenses = (client: TestClient, uri = URI) =>
  client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
const hints = (client: TestClient, lines: number) =>
  client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
  });

test('scoreSteps on text returns every step with its offsets and a score, and the first low step', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({
    initializationOptions: simSettings(sim, {
      verifier: { kind: 'vllm-pooling', url: sim.origin, model: 'ponder-sim-prm', lowScoreThreshold: 0.9 },
    }),
  });
  const p = plainProblem();
  const result = await client.connection.sendRequest(scoreSteps, { problem: p.problem, solution: p.solution });
  const expectedSteps = p.solution.split(/\n\s*\n/).filter((s) => s.trim()).length;
  assert.equal(result.steps.length, expectedSteps);
  result.steps.forEach((step, i) => {
    assert.equal(step.index, i);
    assert.equal(p.solution.slice(step.start, step.end).trim(), step.text.trim());
    assert.ok(step.score >= 0 && step.score <= 1);
  });
  const firstLow = result.steps.findIndex((s) => s.score < 0.9);
  assert.equal(result.firstLowStep, firstLow === -1 ? null : firstLow);
  assert.equal(result.document, undefined);
});

test('code lenses above problems and solutions; inlay hints and one diagnostic after scoring the document', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  // A threshold of 1 makes every step "low": exactly one diagnostic, on the first step, must appear.
  await client.initialize({
    initializationOptions: simSettings(sim, {
      budget: { generations: 12 },
      verifier: { kind: 'vllm-pooling', url: sim.origin, model: 'ponder-sim-prm', lowScoreThreshold: 1 },
    }),
  });
  const p = plainProblem();
  const text = markdownDocument(p);
  const parsed = parseDocument(text);
  await open(client, text);
  await open(client, text, 'plaintext', 'file:///notes.txt');

  const found = await lenses(client);
  assert.deepEqual(
    found.map((l) => [l.command?.title, l.command?.command, l.range.start.line]),
    [
      ['Solve (budget 12)', 'ponder.solveProblemAt', parsed.problems[0].heading.start.line],
      ['Score steps', 'ponder.scoreStepsAt', parsed.solutions[0].heading.start.line],
    ],
  );
  assert.deepEqual(found[0].command?.arguments, [URI, parsed.problems[0].body.range]);
  assert.deepEqual(await lenses(client, 'file:///notes.txt'), [], 'no lenses outside markdown and ponder documents');
  assert.deepEqual(await hints(client, 100), [], 'no hints before scoring');

  const refreshes = client.inlayHintRefreshes;
  const result = await client.connection.sendRequest(scoreSteps, {
    uri: URI,
    range: {
      start: { line: parsed.solutions[0].heading.start.line + 2, character: 0 },
      end: { line: parsed.solutions[0].heading.start.line + 2, character: 0 },
    },
  });
  const steps = parsed.solutions[0].steps;
  assert.equal(result.steps.length, steps.length);
  assert.deepEqual(
    result.document?.stepRanges.map((r) => r.end),
    steps.map((s) => s.range.end),
  );
  await client.waitFor(() => client.inlayHintRefreshes > refreshes, 'workspace/inlayHint/refresh');

  const shown = await hints(client, 100);
  assert.equal(shown.length, steps.length);
  shown.forEach((hint, i) => {
    assert.deepEqual(hint.position, steps[i].range.end, 'the hint sits at the end of its step');
    assert.equal(hint.label, `score ${result.steps[i].score.toFixed(2)}`);
  });

  await client.waitFor(() => client.diagnostics.some((d) => d.uri === URI && d.diagnostics.length > 0), 'the low-score diagnostic');
  const diagnostics = client.diagnostics.filter((d) => d.uri === URI).at(-1)!.diagnostics;
  assert.equal(diagnostics.length, 1, 'one diagnostic, on the first low step only');
  assert.deepEqual(diagnostics[0].range, steps[0].range);
  assert.equal(diagnostics[0].severity, 2);
  assert.match(String(diagnostics[0].message), /Step 1 .* under ponder\.verifier\.lowScoreThreshold \(1\)/);

  // Editing the solution drops its scores: no hints, no diagnostic.
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start: steps[0].range.start, end: steps[0].range.start }, text: 'Edited. ' }],
  });
  await client.waitFor(
    () => client.diagnostics.filter((d) => d.uri === URI).at(-1)!.diagnostics.length === 0,
    'the diagnostic cleared after the edit',
  );
  assert.deepEqual(await hints(client, 100), []);
});

test('a configuration change takes effect: lens budget, refresh requests, and the budget of the next run', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  client.configuration = simSettings(sim, { budget: { generations: 3 } });
  await client.initialize({});
  await open(client, markdownDocument(plainProblem()));
  await client.waitFor(() => client.configurationRequests >= 1, 'the first workspace/configuration');
  assert.equal((await lenses(client))[0].command?.title, 'Solve (budget 3)');

  client.configuration = simSettings(sim, { budget: { generations: 2 }, strategy: 'majority' });
  const lensRefreshes = client.codeLensRefreshes;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await client.waitFor(() => client.codeLensRefreshes > lensRefreshes, 'workspace/codeLens/refresh');
  assert.equal((await lenses(client))[0].command?.title, 'Solve (budget 2)');
  const result = await client.connection.sendRequest(solve, { runId: 'after-change', problem: plainProblem().problem });
  const started = client.runEvents.find((b) => b.runId === 'after-change')?.events[0];
  assert.ok(started?.type === 'started' && started.budget === 2 && started.strategy === 'majority');
  assert.ok(result.usage.generations <= 2);
});

test('an editor without workspace/configuration: initializationOptions, then settings pushed in didChangeConfiguration', async (t) => {
  const client = startServer();
  t.after(() => client.stop());
  await client.initialize({ initializationOptions: simSettings(sim, { budget: { generations: 5 } }), capabilities: {} });
  await open(client, markdownDocument(plainProblem()));
  assert.equal((await lenses(client))[0].command?.title, 'Solve (budget 5)');
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { ponder: { budget: { generations: 7 } } } });
  assert.equal((await lenses(client))[0].command?.title, 'Solve (budget 7)');
  assert.equal(client.configurationRequests, 0);
});
