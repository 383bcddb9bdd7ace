// Verifiers and everything around them: ponder score-steps with vllm-pooling and llm-judge (the
// simulator gives both the same scores), solving with llm-judge, capabilities, and API keys that
// are sent to the endpoint but never printed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEngine } from '../../src/core/index';
import type { ScoreStepsResult } from '../../src/shared/api';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from './engineHarness';
import { simArgs, startCli } from './cliRun';
import { startRecorder } from './recorder';

const SOLUTION =
  'We have $r = \\sqrt{0^2 + 3^2} = 3$.\n\nThe point lies on the positive $y$-axis, so $\\theta = \\frac{\\pi}{2}$.\n\nSo the answer is $\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}$.';

describe('verifiers', () => {
  let sim: Sim;
  let solutionFile: string;
  before(async () => {
    sim = await startSim(['--problems', MATH500]);
    solutionFile = join(mkdtempSync(join(tmpdir(), 'ponder-solution-')), 'solution.txt');
    writeFileSync(solutionFile, SOLUTION);
  });
  after(() => sim.stop());

  async function scoreSteps(kind: string): Promise<ScoreStepsResult> {
    const run = startCli([
      'score-steps',
      '--problem',
      PROBLEMS[0].problem,
      '--solution-file',
      solutionFile,
      '--json',
      '--verifier-kind',
      kind,
      ...simArgs(sim.url),
    ]);
    let stdout = '';
    run.child.stdout!.removeAllListeners('data');
    run.child.stdout!.on('data', (d) => (stdout += d));
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout) as ScoreStepsResult;
  }

  test('ponder score-steps: one score per step with offsets; llm-judge agrees with vllm-pooling', async () => {
    const pooled = await scoreSteps('vllm-pooling');
    assert.equal(pooled.steps.length, 3);
    for (const step of pooled.steps) {
      assert.equal(SOLUTION.slice(step.start, step.end), step.text);
      assert.ok(step.score >= 0 && step.score <= 1);
    }
    const judged = await scoreSteps('llm-judge');
    assert.deepEqual(
      judged.steps.map((s) => s.text),
      pooled.steps.map((s) => s.text),
    );
    // The judge sees steps 1..k for step k. The last step sees the same text in both modes, so the
    // scores must agree; earlier steps may not, since the simulator's /pooling scores an earlier step
    // knowing the later ones (a real, causal PRM would not).
    const last = pooled.steps.length - 1;
    assert.ok(
      Math.abs(judged.steps[last].score - pooled.steps[last].score) < 1e-6,
      `${judged.steps[last].score} vs ${pooled.steps[last].score}`,
    );
    assert.equal(
      judged.firstLowStep === null,
      judged.steps.every((s) => s.score >= 0.5),
    );
  });

  test('weighted best-of-N with the llm-judge verifier: one judge call per step', async () => {
    const { events, result } = await solveInProcess(engineSettings(sim.url, { verifier: { kind: 'llm-judge', url: sim.url } }), {
      problem: PROBLEMS[2].problem,
      budget: 4,
      strategy: 'weighted-best-of-n',
    });
    checkEventContract(events);
    assert.ok(result.answer);
    const steps = events.filter((e) => e.type === 'step').length;
    assert.equal(result.usage.verifierCalls, steps);
    assert.equal(events.filter((e) => e.type === 'score').length, steps);
  });

  test('capabilities: probed once; an unreachable endpoint is reported, never thrown', async () => {
    const engine = createEngine(engineSettings(sim.url, { policy: { continuation: 'auto', model: '' } }), {});
    const caps = await engine.capabilities();
    assert.equal(caps.policy.reachable, true);
    assert.equal(caps.policy.model, 'ponder-sim-policy');
    assert.equal(caps.policy.continuation, 'continue-final-message');
    assert.equal(caps.policy.logprobs, true);
    assert.equal(caps.verifier.kind, 'vllm-pooling');
    assert.equal(caps.verifier.reachable, true);
    assert.equal(await engine.capabilities(), caps, 'cached');
    const down = createEngine(engineSettings('http://127.0.0.1:9/v1', { policy: { model: '' }, verifier: { model: '' } }), {});
    const none = await down.capabilities();
    assert.equal(none.policy.reachable, false);
    assert.match(none.policy.error ?? '', /127\.0\.0\.1:9/);
    assert.equal(none.verifier.reachable, false);
  });

  test('API keys reach the endpoint as a bearer token but never stdout, stderr or events', async () => {
    const recorder = await startRecorder(sim.origin);
    try {
      const key = 'sk-ponder-test-5ecret';
      const run = startCli(
        [
          'solve',
          PROBLEMS[4].problem,
          '--json',
          '--verbose',
          '--budget',
          '2',
          '--strategy',
          'weighted-best-of-n',
          ...simArgs(recorder.url),
        ],
        { PONDER_API_KEY: key, PONDER_VERIFIER_API_KEY: key },
      );
      let stdout = '';
      run.child.stdout!.on('data', (d) => (stdout += d));
      const { code, stderr } = await run.done;
      assert.equal(code, 0, stderr);
      assert.ok(!stdout.includes(key) && !stderr.includes(key));
      assert.ok(recorder.exchanges.length > 0);
      for (const e of recorder.exchanges) assert.equal(e.headers.authorization, `Bearer ${key}`, e.path);
    } finally {
      await recorder.close();
    }
  });

  test('the plain terminal view (not a TTY) prints the route, the candidates and the answer', async () => {
    const run = startCli(['solve', PROBLEMS[0].problem, '--budget', '4', '--strategy', 'weighted-best-of-n', ...simArgs(sim.url)]);
    let stdout = '';
    run.child.stdout!.removeAllListeners('data');
    run.child.stdout!.on('data', (d) => (stdout += d));
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^ponder: solving with weighted-best-of-n at a budget of 4 generations$/m);
    assert.match(stdout, /^route: weighted-best-of-n /m);
    assert.match(stdout, /^ {2}c\d+: .+ score \d\.\d\d$/m);
    assert.match(stdout, /^answer: .+$/m);
    assert.match(stdout, /^used 4\/4 generations/m);
  });
});
