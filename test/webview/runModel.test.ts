// The pure run model: events -> model, in Node. Includes property tests over batch splits and reloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SolveEvent } from '../../src/shared/events';
import { applyEvents, createRunModel, reduceRun } from '../../src/shared/runModel';
import type { RunModel } from '../../src/shared/runModel';
import { appendRunEvents, compactEvents, createHistory, MAX_RUNS, restoreRuns, snapshotRun, startRun } from '../../src/shared/runHistory';
import {
  candidateScore,
  candidateSteps,
  defaultCandidateId,
  displayVotes,
  solutionMarkdown,
  treeRounds,
} from '../../src/shared/runQueries';
import { recordedBeam, recordedBestOfN, recordedRevisions, seededRandom } from './fixtures/recordedRuns';

const header = { runId: 'recorded-256', problem: '' };
const run256 = recordedBestOfN();

function countOf(events: SolveEvent[], type: SolveEvent['type']): number {
  return events.filter((e) => e.type === type).length;
}

describe('run model', () => {
  it('keeps every event of a 256-candidate run: candidates, text, steps, scores, finals, votes', () => {
    const model = reduceRun(header, run256);
    assert.equal(model.order.length, 256);
    assert.equal(model.status, 'done');
    let steps = 0;
    let scored = 0;
    for (const id of model.order) {
      const c = model.candidates.get(id)!;
      const deltas = run256.filter((e): e is Extract<SolveEvent, { type: 'delta' }> => e.type === 'delta' && e.candidateId === id);
      assert.equal(c.text, deltas.map((d) => d.text).join(''), `text of ${id}`);
      assert.ok(c.finished, `${id} finished`);
      steps += c.steps.length;
      scored += c.steps.filter((s) => s.score !== null).length;
    }
    assert.equal(steps, countOf(run256, 'step'));
    assert.equal(scored, countOf(run256, 'score'));
    const result = run256.at(-1)!;
    assert.equal(result.type, 'result');
    if (result.type !== 'result') return;
    assert.equal(model.result?.answer, result.answer);
    assert.deepEqual(model.usage, result.usage);
    assert.equal(model.difficulty?.bin, 2);
    assert.equal(model.route?.strategy, 'weighted-best-of-n');
    assert.equal(defaultCandidateId(model), result.bestCandidateId);
    // The provisional tally grouped by exact answer agrees with the recorded (exact-string) vote.
    const live = [...model.liveVotes.values()].sort((a, b) => b.weight - a.weight);
    assert.deepEqual(
      live.map((v) => [v.answer, v.count]),
      result.votes.map((v) => [v.answer, v.count]),
    );
  });

  it('gives the same model for any split of the stream into batches (property, 40 seeds)', () => {
    const events = recordedBestOfN({ candidates: 24, concurrency: 6, seed: 3 });
    const whole = reduceRun(header, events);
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const model = createRunModel(header);
      let at = 0;
      let batches = 0;
      while (at < events.length) {
        const size = 1 + Math.floor(random() * (seed % 4 === 0 ? 3 : 80));
        applyEvents(model, events.slice(at, at + size));
        at += size;
        batches++;
      }
      assert.ok(batches > 1);
      assert.deepEqual(model, whole, `seed ${seed}`);
    }
  });

  it('reproduces the model after a reload: compacted, JSON-saved events replay to the same model (property, every prefix length class)', () => {
    for (const events of [recordedBestOfN({ candidates: 32, concurrency: 8 }), recordedBeam(), recordedRevisions()]) {
      const random = seededRandom(events.length);
      for (let k = 0; k < 12; k++) {
        const cut = k === 0 ? events.length : Math.floor(random() * events.length);
        const history = createHistory();
        startRun(history, header);
        appendRunEvents(history, header.runId, events.slice(0, cut));
        const saved = JSON.parse(JSON.stringify(snapshotRun(history.runs.get(header.runId)!)));
        assert.ok(saved.events.length <= cut);
        const reloaded = createHistory();
        restoreRuns(reloaded, [saved]);
        assert.deepEqual(reloaded.runs.get(header.runId)!.model, history.runs.get(header.runId)!.model, `cut ${cut}`);
        // Live events after the reload continue the same run.
        appendRunEvents(history, header.runId, events.slice(cut));
        appendRunEvents(reloaded, header.runId, events.slice(cut));
        assert.deepEqual(reloaded.runs.get(header.runId)!.model, history.runs.get(header.runId)!.model, `continued after cut ${cut}`);
      }
    }
  });

  it('compacts deltas to one per candidate', () => {
    const compact = compactEvents(run256);
    assert.equal(countOf(compact, 'delta'), 256);
    assert.equal(compact.length, run256.length - countOf(run256, 'delta') + 256);
  });

  it('reports only the touched candidates per batch', () => {
    const model = createRunModel(header);
    const start = run256.findIndex((e) => e.type === 'delta');
    applyEvents(model, run256.slice(0, start));
    const batch = run256.slice(start, start + 10);
    const changes = applyEvents(model, batch);
    const touched = new Set(batch.flatMap((e) => ('candidateId' in e ? [e.candidateId] : [])));
    assert.deepEqual(changes.candidates, touched);
    assert.equal(changes.added, false);
  });

  it('builds the beam tree: rounds, parents, kept and pruned nodes, full paths', () => {
    const events = recordedBeam();
    const model = reduceRun(header, events);
    const rounds = treeRounds(model);
    assert.deepEqual(rounds.map((r) => r.length).slice(1), [8, 8, 8]);
    const pruned = events.filter((e) => e.type === 'pruned').map((e) => (e.type === 'pruned' ? e.candidateId : ''));
    assert.deepEqual(model.order.filter((id) => model.candidates.get(id)!.prunedRound !== null).sort(), pruned.sort());
    const leaf = rounds[3].find((c) => c.finished)!;
    const path = candidateSteps(model, leaf.id);
    assert.deepEqual(
      path.map((s) => s.index),
      [0, 1, 2],
    );
    assert.equal(path[2].candidateId, leaf.id);
    assert.equal(path[0].candidateId, model.candidates.get(model.candidates.get(leaf.parentId!)!.parentId!)!.id);
    assert.equal(model.treeRoots.length, 8);
  });

  it('builds revision chains with accepted and rejected attempts', () => {
    const model = reduceRun(header, recordedRevisions());
    assert.deepEqual([...model.chains.keys()], [0, 1]);
    assert.deepEqual(model.chains.get(0), ['r0.0', 'r0.1', 'r0.2']);
    assert.equal(model.candidates.get('r0.1')!.revisionOf, 'r0.0');
    assert.equal(model.candidates.get('r0.1')!.accepted, false);
    assert.equal(model.candidates.get('r1.2')!.accepted, true);
  });

  it('keeps events for a candidate announced late, steps out of order, and ends on a fatal error', () => {
    const model = reduceRun(header, [
      { type: 'delta', t: 1, candidateId: 'x', text: 'a' },
      { type: 'score', t: 2, candidateId: 'x', stepIndex: 2, score: 0.3 },
      { type: 'step', t: 3, candidateId: 'x', index: 0, text: 'first' },
      { type: 'step', t: 4, candidateId: 'x', index: 2, text: 'third' },
      { type: 'step', t: 5, candidateId: 'x', index: 1, text: 'second' },
      { type: 'candidate', t: 6, id: 'x', origin: 'sample' },
      { type: 'error', t: 7, message: 'policy endpoint refused the connection', fatal: true },
    ]);
    const x = model.candidates.get('x')!;
    assert.deepEqual(
      x.steps.map((s) => s.text),
      ['first', 'second', 'third'],
    );
    assert.equal(candidateScore(x), 0.3);
    assert.equal(model.order.length, 1);
    assert.equal(model.status, 'failed');
    assert.equal(model.lastT, 7);
  });

  it('shows streaming text past the confirmed steps as provisional steps', () => {
    const model = reduceRun(header, [
      { type: 'candidate', t: 0, id: 'a', origin: 'sample' },
      { type: 'delta', t: 1, candidateId: 'a', text: 'Step one.\n\nStep two' },
      { type: 'step', t: 2, candidateId: 'a', index: 0, text: 'Step one.' },
      { type: 'delta', t: 3, candidateId: 'a', text: ' goes on.\n\nStep th' },
    ]);
    const steps = candidateSteps(model, 'a');
    assert.deepEqual(
      steps.map((s) => [s.index, s.text, s.streaming]),
      [
        [0, 'Step one.', false],
        [1, 'Step two goes on.', true],
        [2, 'Step th', true],
      ],
    );
  });

  it("splits streamed text at the run's step delimiter, not at blank lines", () => {
    const model = reduceRun(header, [
      { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 1, strategy: 'majority', stepDelimiter: '\n---\n' },
      { type: 'candidate', t: 1, id: 'a', origin: 'sample' },
      { type: 'delta', t: 2, candidateId: 'a', text: 'Step one.\n\nStill one.\n---\nStep two' },
    ]);
    assert.deepEqual(
      candidateSteps(model, 'a').map((s) => s.text),
      ['Step one.\n\nStill one.', 'Step two'],
    );
  });

  describe('a retried request (delta with restart)', () => {
    // The engine's shape (src/core/endpoints/policy.ts, a retry after a failed stream, through
    // deltaSink in src/core/strategies/sampling.ts): an empty delta with `restart` before the retry's tokens.
    const retry = 'Step 1: the retry begins.\n\nStep 2: and goes on';
    const events: SolveEvent[] = [
      { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 2, strategy: 'majority' },
      { type: 'candidate', t: 1, id: 'a', origin: 'sample' },
      { type: 'candidate', t: 1, id: 'b', origin: 'sample' },
      { type: 'delta', t: 2, candidateId: 'a', text: 'Step 1: the failed attempt begins.\n\n' },
      { type: 'delta', t: 3, candidateId: 'b', text: 'Step 1: b streams on.\n\n' },
      { type: 'delta', t: 4, candidateId: 'a', text: 'Step 2: and is cut' },
      { type: 'delta', t: 5, candidateId: 'a', text: '', restart: true },
      { type: 'delta', t: 6, candidateId: 'a', text: 'Step 1: the retry begins.\n\n' },
      { type: 'delta', t: 7, candidateId: 'b', text: 'Step 2: b too' },
      { type: 'delta', t: 8, candidateId: 'a', text: 'Step 2: and goes on' },
    ];
    const shownText = (model: RunModel, id: string) => candidateSteps(model, id).map((s) => s.text);

    it("shows only the retry's text, in one batch or in any split into batches", () => {
      const whole = reduceRun(header, events);
      assert.equal(whole.candidates.get('a')!.text, retry);
      assert.deepEqual(shownText(whole, 'a'), ['Step 1: the retry begins.', 'Step 2: and goes on']);
      assert.equal(whole.candidates.get('b')!.text, 'Step 1: b streams on.\n\nStep 2: b too', 'a restart touches only its own candidate');
      for (let size = 1; size <= events.length; size++) {
        const history = createHistory();
        startRun(history, header);
        for (let at = 0; at < events.length; at += size) appendRunEvents(history, header.runId, events.slice(at, at + size));
        assert.deepEqual(history.runs.get(header.runId)!.model, whole, `batches of ${size}`);
      }
      // Mid-stream, right after the restart, the failed attempt's steps are gone at once.
      assert.deepEqual(shownText(reduceRun(header, events.slice(0, 7)), 'a'), []);
    });

    it('a restart that carries text starts the candidate over with it', () => {
      const model = reduceRun(header, [...events, { type: 'delta', t: 9, candidateId: 'a', text: 'Step 1: a third try', restart: true }]);
      assert.equal(model.candidates.get('a')!.text, 'Step 1: a third try');
    });

    it("keeps only the retry's text through compaction, saving and replay, and after live events continue", () => {
      const compact = compactEvents(events);
      const deltasOfA = compact.filter((e) => e.type === 'delta' && e.candidateId === 'a');
      assert.deepEqual(
        deltasOfA.map((e) => (e.type === 'delta' ? e.text : '')),
        [retry],
      );
      for (let cut = 0; cut <= events.length; cut++) {
        const history = createHistory();
        startRun(history, header);
        appendRunEvents(history, header.runId, events.slice(0, cut));
        const saved = JSON.parse(JSON.stringify(snapshotRun(history.runs.get(header.runId)!)));
        const reloaded = createHistory();
        restoreRuns(reloaded, [saved]);
        assert.deepEqual(reloaded.runs.get(header.runId)!.model, history.runs.get(header.runId)!.model, `reloaded at ${cut}`);
        appendRunEvents(reloaded, header.runId, events.slice(cut));
        const model = reloaded.runs.get(header.runId)!.model;
        assert.equal(model.candidates.get('a')!.text, retry, `continued after a reload at ${cut}`);
        assert.deepEqual(shownText(model, 'a'), ['Step 1: the retry begins.', 'Step 2: and goes on']);
      }
    });
  });

  it('prefers the run vote over the provisional tally and writes Markdown with a boxed answer', () => {
    const events = recordedRevisions();
    const model = createRunModel(header);
    applyEvents(model, events.slice(0, -1));
    assert.equal(displayVotes(model).provisional, true);
    applyEvents(model, events.slice(-1));
    assert.equal(displayVotes(model).provisional, false);
    const noBox: RunModel = reduceRun(header, [
      { type: 'candidate', t: 0, id: 'a', origin: 'sample' },
      { type: 'step', t: 1, candidateId: 'a', index: 0, text: 'Two plus two is four.' },
      { type: 'final', t: 2, candidateId: 'a', answer: '4' },
    ]);
    assert.equal(solutionMarkdown(noBox, 'a'), 'Two plus two is four.\n\nThe final answer is $\\boxed{4}$.\n');
  });

  it('drops the oldest runs past MAX_RUNS', () => {
    const history = createHistory();
    for (let i = 0; i < MAX_RUNS + 3; i++) startRun(history, { runId: `r${i}`, problem: 'p' });
    assert.equal(history.order.length, MAX_RUNS);
    assert.equal(history.order[0], 'r3');
    assert.equal(history.runs.has('r0'), false);
  });
});
