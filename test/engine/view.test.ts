// The live terminal view on a TTY: redraws its status block in place and ends with the answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SolveView } from '../../src/cli/view/solveView';
import type { SolveEvent } from '../../src/shared/events';
import { emptyUsage } from '../../src/shared/events';

test('the TTY view redraws in place: budget bar, candidates, votes, then the result', () => {
  let out = '';
  const tty = { isTTY: true, columns: 100, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  const view = new SolveView(tty);
  const usage = { ...emptyUsage(), generations: 2, requests: 1, tokens: 50 };
  const events: SolveEvent[] = [
    { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 4, strategy: 'weighted-best-of-n' },
    { type: 'route', t: 1, strategy: 'weighted-best-of-n', params: { n: 4 }, reason: 'chosen explicitly' },
    { type: 'candidate', t: 2, id: 'c1', origin: 'sample' },
    { type: 'candidate', t: 2, id: 'c2', origin: 'sample' },
    { type: 'usage', t: 3, ...usage },
    { type: 'final', t: 4, candidateId: 'c1', answer: '\\frac{1}{2}', score: 0.9 },
    { type: 'final', t: 4, candidateId: 'c2', answer: '0.5', score: 0.7 },
    {
      type: 'result',
      t: 5,
      answer: '\\frac{1}{2}',
      votes: [{ answer: '\\frac{1}{2}', weight: 1.6, count: 2, candidateIds: ['c1', 'c2'] }],
      bestCandidateId: 'c1',
      usage,
      elapsedMs: 5,
    },
  ];
  (view as unknown as { draw(final: boolean): void }).draw(false);
  for (const e of events.slice(0, -1)) view.onEvent(e);
  (view as unknown as { draw(final: boolean): void }).draw(false);
  view.onEvent(events[events.length - 1]);
  view.stop();
  assert.match(out, /\x1b\[\d+F\x1b\[J/, 'moves the cursor up and clears to redraw');
  assert.match(out, /budget \[#{12}\.{12}\] 2\/4 generations/);
  assert.match(out, /candidates: 2 \(2 finished, 0 pruned, 0 open\)/);
  assert.match(out, /answers: \\frac\{1\}\{2\} \(2, w 1\.60\)/, 'equivalent answers are grouped by the grader');
  assert.match(out, /answer: \\frac\{1\}\{2\}\n/);
});

test('the TTY view counts the candidates that are thinking until their solution starts', () => {
  let out = '';
  const tty = { isTTY: true, columns: 100, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  const view = new SolveView(tty);
  const draw = () => (view as unknown as { draw(final: boolean): void }).draw(false);
  view.onEvent({ type: 'started', t: 0, runId: 'r', problem: 'p', budget: 2, strategy: 'majority' });
  view.onEvent({ type: 'candidate', t: 1, id: 'c1', origin: 'sample' });
  view.onEvent({ type: 'candidate', t: 1, id: 'c2', origin: 'sample' });
  view.onEvent({ type: 'delta', t: 2, candidateId: 'c1', text: '', thinking: 'Let me see. Maybe \\boxed{3}.' });
  view.onEvent({ type: 'delta', t: 2, candidateId: 'c2', text: '', thinking: 'Hmm.' });
  draw();
  assert.match(out, /candidates: 2 \(0 finished, 0 pruned, 2 open, 2 thinking\)/);
  view.onEvent({ type: 'delta', t: 3, candidateId: 'c1', text: 'Step 1: 1 + 1 = 2.' });
  draw();
  assert.match(out, /candidates: 2 \(0 finished, 0 pruned, 2 open, 1 thinking\)/, 'a solution that started is no longer thinking');
  view.stop();
});
