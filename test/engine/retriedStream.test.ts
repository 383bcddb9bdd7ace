// A stream cut mid-way is retried (src/core/endpoints/policy.ts): the engine emits a `delta` with
// `restart` for each of the request's candidates, and the panel's model shows only the retry's text,
// live and after its history is compacted, saved and replayed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DeltaEvent, SolveEvent } from '../../src/shared/events';
import { appendRunEvents, createHistory, restoreRuns, snapshotRun, startRun } from '../../src/shared/runHistory';
import { reduceRun } from '../../src/shared/runModel';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from './engineHarness';

let sim: Sim;

before(async () => {
  // Faults are drawn in order of arrival; one request at a time keeps that order, so the run is the same every time.
  sim = await startSim(['--problems', MATH500, '--seed', '4', '--truncate-rate', '0.5']);
});
after(async () => {
  await sim?.stop();
});

/** The text a candidate's deltas leave once each restart has dropped what came before it. */
function textAfterRestarts(deltas: DeltaEvent[]): string {
  return deltas.reduce((text, d) => (d.restart ? d.text : text + d.text), '');
}

test('a retried stream: the engine emits restart deltas and the model keeps only the retry', async () => {
  const settings = engineSettings(sim.url, { budget: { concurrency: 1 } });
  const { events } = await solveInProcess(settings, { problem: PROBLEMS[2].problem, budget: 4, strategy: 'majority' });
  checkEventContract(events);
  const deltas = events.filter((e): e is DeltaEvent => e.type === 'delta');
  const restarted = [...new Set(deltas.filter((d) => d.restart).map((d) => d.candidateId))];
  assert.ok(restarted.length > 0, 'some stream was cut and retried');
  // At least one candidate had streamed text before its stream was cut: the case the model must drop.
  const droppedText = restarted.filter((id) => {
    const own = deltas.filter((d) => d.candidateId === id);
    const lastRestart = own.findLastIndex((d) => d.restart === true);
    return own.slice(0, lastRestart).some((d) => d.text.length > 0);
  });
  assert.ok(droppedText.length > 0, 'a cut stream had sent text before the retry');

  const header = { runId: 'retried', problem: PROBLEMS[2].problem };
  const live = createHistory();
  startRun(live, header);
  for (let at = 0; at < events.length; at += 3) appendRunEvents(live, header.runId, events.slice(at, at + 3));
  const model = live.runs.get(header.runId)!.model;
  for (const id of restarted) {
    const expected = textAfterRestarts(deltas.filter((d) => d.candidateId === id));
    assert.equal(model.candidates.get(id)!.text, expected, `candidate ${id} shows only its last attempt`);
    // Right after the restart arrives, the failed attempt's text is gone.
    const restartAt = events.findIndex((e) => e.type === 'delta' && e.candidateId === id && e.restart === true);
    assert.equal(reduceRun(header, events.slice(0, restartAt + 1)).candidates.get(id)!.text, (events[restartAt] as DeltaEvent).text);
  }
  // The whole model (every candidate) is the same as one built from the retries' text alone.
  assert.deepEqual(
    model,
    reduceRun(
      header,
      events.filter((e) => !(e.type === 'delta' && droppedBefore(events, e))),
    ),
  );

  const saved = JSON.parse(JSON.stringify(snapshotRun(live.runs.get(header.runId)!)));
  const reloaded = createHistory();
  restoreRuns(reloaded, [saved]);
  assert.deepEqual(reloaded.runs.get(header.runId)!.model, model, 'the compacted, saved history replays to the same model');
});

/** Whether a later `restart` of the same candidate drops this delta. */
function droppedBefore(events: SolveEvent[], delta: DeltaEvent): boolean {
  const at = events.indexOf(delta);
  return events.slice(at + 1).some((e) => e.type === 'delta' && e.candidateId === delta.candidateId && e.restart === true);
}
