// The run phase, folded from events: the same words in the status bar (through the run model) and in
// the server's work-done progress (RunState).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SolveEvent } from '../../src/shared/events';
import { emptyUsage } from '../../src/shared/events';
import { reduceRun } from '../../src/shared/runModel';
import { describePhase, nextPhase, STARTING_PHASE } from '../../src/shared/runPhase';
import { RunState } from '../../src/server/runState';

const usage = emptyUsage();
const routed: [SolveEvent, string][] = [
  [{ type: 'started', t: 0, runId: 'r', problem: 'p', budget: 4, strategy: 'auto' }, 'starting'],
  [{ type: 'candidate', t: 1, id: 'c1', origin: 'probe' }, 'estimating difficulty'],
  [{ type: 'delta', t: 2, candidateId: 'c1', text: 'x' }, 'estimating difficulty'],
  [{ type: 'difficulty', t: 3, bin: 2, signal: 'verifier', value: 0.8, probe: ['c1'] }, 'difficulty 2 of 5, routing'],
  [{ type: 'route', t: 4, strategy: 'beam', params: {}, reason: 'r' }, 'beam'],
  [{ type: 'candidate', t: 5, id: 'c2', origin: 'beam' }, 'beam'],
  [{ type: 'error', t: 6, message: 'a retry', fatal: false }, 'beam'],
  [{ type: 'result', t: 7, answer: null, votes: [], bestCandidateId: null, usage, elapsedMs: 7, partial: true }, 'partial result'],
  [{ type: 'error', t: 8, message: 'late', fatal: true }, 'partial result'],
];

describe('run phase', () => {
  it('follows a routed run to its end, and an ended run stays ended', () => {
    let phase = STARTING_PHASE;
    for (const [event, words] of routed) {
      phase = nextPhase(phase, event);
      assert.equal(describePhase(phase), words, `after ${event.type} at t=${event.t}`);
    }
  });

  it('an explicit strategy goes straight to it; a fatal error fails the run', () => {
    const explicit: SolveEvent[] = [
      { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 2, strategy: 'majority' },
      { type: 'route', t: 1, strategy: 'majority', params: {}, reason: 'majority chosen explicitly' },
      { type: 'candidate', t: 2, id: 'c1', origin: 'sample' },
    ];
    assert.equal(describePhase(reduceRun({ runId: 'r', problem: 'p' }, explicit).phase), 'majority');
    const failed = reduceRun({ runId: 'r', problem: 'p' }, [...explicit, { type: 'error', t: 3, message: 'endpoint down', fatal: true }]);
    assert.equal(describePhase(failed.phase), 'failed');
  });

  it('the run model (status bar) and the server agree at every event', () => {
    const state = new RunState('r', 4);
    for (let i = 0; i < routed.length; i++) {
      state.observe(routed[i][0]);
      const model = reduceRun(
        { runId: 'r', problem: 'p' },
        routed.slice(0, i + 1).map(([e]) => e),
      );
      assert.deepEqual(model.phase, state.phase);
      assert.match(state.progressMessage(), new RegExp(`^${describePhase(model.phase)}: 0/4 generations$`));
    }
    assert.equal(state.ended, true);
  });
});
