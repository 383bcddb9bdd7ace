// Pure parts of the engine: step splitting, voting, the budget meter, the limiter, difficulty bins,
// the router table and capability filtering, strategy plans for every budget, templates, judge scores.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BudgetMeter } from '../../src/core/budget';
import { binFromValue, estimateDifficulty } from '../../src/core/difficulty';
import { renderChatPrompt, validateTemplate } from '../../src/core/endpoints/templates';
import { Limiter } from '../../src/core/limiter';
import { mathShepherdInput, qwenPrmInput, judgePrompt } from '../../src/core/prompts';
import { filterByCapabilities, loadPolicy, routeByTable } from '../../src/core/router/router';
import { parsePolicy, policyJsonSchema } from '../../src/core/router/schema';
import { DEFAULT_STEP_DELIMITER, joinSteps, splitSteps } from '../../src/shared/steps';
import { STRATEGIES } from '../../src/core/strategies/registry';
import { acceptanceProbability } from '../../src/core/strategies/revisions';
import { distribute } from '../../src/core/strategies/search';
import { judgeScore } from '../../src/core/verifiers/llm-judge';
import { poolingBase } from '../../src/core/verifiers/vllm-pooling';
import { bestOfN, majorityVote, selectAcrossChains, weightedBestOfN } from '../../src/core/voting';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import { ROOT } from '../helpers/sim';

describe('steps', () => {
  test('split on blank lines, keeping offsets', () => {
    const text = 'Step 1: a\n\n\n  Step 2: b  \n\nSo \\boxed{3}.\n\n';
    const steps = splitSteps(text, DEFAULT_STEP_DELIMITER);
    assert.deepEqual(
      steps.map((s) => s.text),
      ['Step 1: a', 'Step 2: b', 'So \\boxed{3}.'],
    );
    for (const s of steps) assert.equal(text.slice(s.start, s.end), s.text);
    assert.deepEqual(splitSteps('', DEFAULT_STEP_DELIMITER), []);
    assert.equal(joinSteps(['a', 'b'], DEFAULT_STEP_DELIMITER), 'a\n\nb\n\n');
    assert.equal(joinSteps([], DEFAULT_STEP_DELIMITER), '');
  });

  test('split on a configured delimiter, not on blank lines', () => {
    const steps = splitSteps('Step 1: a\n\nstill step 1\n---\nStep 2: b', '\n---\n');
    assert.deepEqual(
      steps.map((s) => s.text),
      ['Step 1: a\n\nstill step 1', 'Step 2: b'],
    );
  });
});

describe('voting', () => {
  const pool = [
    { id: 'a', answer: '\\frac{1}{2}', score: 0.9 },
    { id: 'b', answer: '0.5', score: 0.2 },
    { id: 'c', answer: '3', score: 0.6 },
    { id: 'd', answer: '3', score: 0.5 },
    { id: 'e', answer: '3', score: 0.1 },
    { id: 'f', answer: null, score: 1 },
  ];
  test('majority groups equivalent answers, never by string', () => {
    const r = majorityVote(pool);
    assert.equal(r.answer, '3');
    assert.equal(r.votes[0].count, 3);
    assert.deepEqual(r.votes.find((v) => v.candidateIds.includes('a'))?.candidateIds.sort(), ['a', 'b']);
  });
  test('best-of-N takes the highest scoring answer; weighted sums scores per group', () => {
    assert.equal(bestOfN(pool).answer, '\\frac{1}{2}');
    assert.equal(bestOfN(pool).bestCandidateId, 'a');
    const w = weightedBestOfN(pool);
    assert.equal(w.answer, '3');
    assert.ok(Math.abs(w.votes[0].weight - 1.2) < 1e-9);
    assert.equal(
      weightedBestOfN([
        { id: 'x', answer: '1', score: 0.9 },
        { id: 'y', answer: '2', score: 0.5 },
        { id: 'z', answer: '2', score: 0.5 },
      ]).answer,
      '2',
    );
  });
  test('multiplicity: a kept state votes again; zero removes a rejected attempt', () => {
    const r = majorityVote([
      { id: 'a', answer: '1', multiplicity: 3 },
      { id: 'b', answer: '2' },
      { id: 'c', answer: '2', multiplicity: 0 },
    ]);
    assert.equal(r.answer, '1');
    assert.equal(r.votes.length, 2);
  });
  test('revisions: each chain picks its answer, then chains vote', () => {
    const r = selectAcrossChains(
      [
        [
          { id: 'a', answer: '1', score: 0.2 },
          { id: 'b', answer: '2', score: 0.9 },
        ],
        [{ id: 'c', answer: '2', score: 0.8 }],
        [{ id: 'd', answer: '1', score: 0.3 }],
      ],
      'weighted',
    );
    assert.equal(r.answer, '2');
    assert.deepEqual(r.votes[0].candidateIds.sort(), ['b', 'c']);
    assert.equal(selectAcrossChains([], 'majority').answer, null);
  });
});

describe('budget meter and limiter', () => {
  test('reservations never overshoot, failures stay spent, a token cap stops new work', () => {
    const meter = new BudgetMeter(5, 100, 1e9);
    assert.equal(meter.reserve(3), 3);
    assert.equal(meter.reserve(3), 2);
    assert.equal(meter.reserve(1), 0);
    meter.fail();
    meter.unreserve(1);
    assert.equal(meter.remaining, 1);
    meter.countTokens(60, 40);
    assert.equal(meter.remaining, 0, 'token cap reached');
    const usage = meter.snapshot();
    assert.equal(usage.generations, 4);
    assert.equal(usage.failedGenerations, 1);
    assert.equal(usage.flops, 2 * 1e9 * 100);
    assert.throws(() => new BudgetMeter(0), /whole number/);
  });
  test('the limiter admits at most its capacity and wakes waiters in order', async () => {
    const limiter = new Limiter(3);
    const a = await limiter.acquire(2);
    const order: string[] = [];
    const b = limiter.acquire(2).then((r) => (order.push('b'), r));
    const c = limiter.acquire(1).then((r) => (order.push('c'), r));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, [], 'b waits for capacity and c waits behind b');
    a();
    (await b)();
    (await c)();
    assert.deepEqual(order, ['b', 'c']);
    const controller = new AbortController();
    const held = await limiter.acquire(3);
    const waiting = limiter.acquire(1, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    held();
  });
});

describe('difficulty and router', () => {
  const policy = loadPolicy('');
  test('bins from descending cut points', () => {
    const cuts = [0.8, 0.6, 0.4, 0.2] as const;
    assert.deepEqual(
      [0.9, 0.8, 0.7, 0.5, 0.3, 0.1].map((v) => binFromValue(v, cuts)),
      [1, 1, 2, 3, 4, 5],
    );
    assert.equal(estimateDifficulty([], policy.thresholds as never).signal, 'fixed');
    const byScore = estimateDifficulty(
      [
        { answer: '1', score: 0.8 },
        { answer: '2', score: 0.6 },
      ],
      { verifier: [0.8, 0.65, 0.5, 0.35], agreement: [0.9, 0.7, 0.5, 0.3] },
    );
    assert.equal(byScore.bin, 2);
    assert.equal(byScore.signal, 'verifier');
    assert.ok(Math.abs(byScore.value - 0.7) < 1e-12);
    const byAgreement = estimateDifficulty([{ answer: '1' }, { answer: '1.0' }, { answer: '2' }, { answer: null }], {
      verifier: [0.8, 0.65, 0.5, 0.35],
      agreement: [0.9, 0.7, 0.5, 0.3],
    });
    assert.deepEqual(byAgreement, { bin: 3, signal: 'agreement', value: 0.5 });
  });
  test('the built-in policy follows the paper: easy -> revisions, medium -> beam, hard -> parallel', () => {
    assert.equal(routeByTable(policy, 1, 16).strategy, 'revisions');
    assert.equal(routeByTable(policy, 1, 64).strategy, 'weighted-best-of-n');
    assert.equal(routeByTable(policy, 3, 16).strategy, 'beam');
    assert.equal(routeByTable(policy, 3, 16).params.width, 4);
    assert.equal(routeByTable(policy, 4, 256).strategy, 'weighted-best-of-n');
    assert.equal(routeByTable(policy, 5, 4).strategy, 'weighted-best-of-n');
  });
  test('capability filtering names the reason', () => {
    const beam = routeByTable(policy, 3, 16);
    const noContinuation = filterByCapabilities(beam, { continuation: false, verifier: true }, policy);
    assert.equal(noContinuation.strategy, 'weighted-best-of-n');
    assert.match(noContinuation.reason, /continues a partial answer/);
    const nothing = filterByCapabilities(beam, { continuation: false, verifier: false }, policy);
    assert.equal(nothing.strategy, 'majority');
    const noVerifier = filterByCapabilities(
      { strategy: 'best-of-n', params: {}, reason: 'x' },
      { continuation: true, verifier: false },
      policy,
    );
    assert.equal(noVerifier.strategy, 'majority');
    assert.match(noVerifier.reason, /needs a verifier/);
    assert.equal(
      filterByCapabilities({ strategy: 'revisions', params: {}, reason: 'x' }, { continuation: false, verifier: false }, policy).strategy,
      'revisions',
    );
  });
  test('invalid policies list every problem with its path', () => {
    assert.throws(
      () => parsePolicy({ version: 2 }, 'p.json'),
      (err: Error) =>
        /invalid router policy p\.json/.test(err.message) &&
        /version/.test(err.message) &&
        /provenance/.test(err.message) &&
        /bins/.test(err.message),
    );
    const bad = JSON.parse(readFileSync(join(ROOT, 'policies', 'default.json'), 'utf8')) as { bins: Record<string, unknown[]> };
    bad.bins['3'] = [
      { maxBudget: null, strategy: 'beam' },
      { maxBudget: 4, strategy: 'beam' },
    ];
    assert.throws(() => parsePolicy(bad, 'x'), /bins\.3: rows must be ordered/);
  });
  test('policies/policy.schema.json is the JSON Schema generated from the zod schema', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'policies', 'policy.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(committed, policyJsonSchema());
  });
});

describe('strategy plans fit every budget', () => {
  for (const name of STRATEGY_NAMES) {
    test(name, () => {
      for (let budget = 1; budget <= 70; budget++) {
        const params: Record<string, number> =
          { beam: { width: 4 }, lookahead: { width: 4, k: 2 }, revisions: { length: 4 } }[name as string] ?? {};
        const plan = STRATEGIES[name].plan(budget, params, true, 0);
        const p = plan.params;
        if (name === 'beam') assert.ok((p.width as number) <= budget);
        if (name === 'lookahead') assert.ok((p.paths as number) * ((p.k as number) + 1) <= budget && (p.paths as number) >= 1);
        if (name === 'revisions')
          assert.equal(
            distribute(budget, p.chains as number).reduce((a, b) => a + b, 0),
            budget,
          );
        if (budget === 1 && name !== 'majority' && name !== 'best-of-n' && name !== 'weighted-best-of-n' && name !== 'revisions')
          assert.ok(plan.notes.length > 0, `${name} says what it shrank`);
      }
    });
  }
  test('distribute spreads slots evenly', () => {
    assert.deepEqual(distribute(7, 2), [4, 3]);
    assert.deepEqual(distribute(2, 4), [1, 1, 0, 0]);
  });
});

describe('prompts, templates and scores', () => {
  test('Qwen PRM input puts <extra_0> after every step', () => {
    const input = qwenPrmInput('P?', ['a', 'b']);
    assert.equal(input.match(/<extra_0>/g)?.length, 2);
    assert.match(
      input,
      /^<\|im_start\|>system\nPlease reason step by step, and put your final answer within \\boxed\{\}\.<\|im_end\|>\n<\|im_start\|>user\nP\?<\|im_end\|>\n<\|im_start\|>assistant\na<extra_0>b<extra_0><\|im_end\|>\n$/,
    );
    assert.equal(mathShepherdInput('P?', ['a ки', 'b']), 'P? Step 1: a  ки\nStep 2: b ки');
  });
  test('the judge prompt is exactly the contract', () => {
    assert.equal(
      judgePrompt('P', ['s1', 's2']),
      'Problem:\nP\n\nSolution so far:\ns1\n\ns2\n\nIs the last step (step 2) of the solution correct? Answer Yes or No.',
    );
    assert.ok(
      Math.abs(
        judgeScore([
          { token: ' Yes', logprob: Math.log(0.6) },
          { token: 'No', logprob: Math.log(0.2) },
        ]) - 0.75,
      ) < 1e-9,
    );
    assert.equal(judgeScore([{ token: 'Maybe', logprob: 0 }]), 0.5);
  });
  test('chat templates for the completions continuation', () => {
    const messages = [{ role: 'user' as const, content: 'Q' }];
    assert.equal(renderChatPrompt('chatml', messages), '<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n');
    assert.match(
      renderChatPrompt('llama3', messages),
      /^<\|start_header_id\|>user<\|end_header_id\|>\n\nQ<\|eot_id\|><\|start_header_id\|>assistant<\|end_header_id\|>\n\n$/,
    );
    assert.equal(renderChatPrompt('Problem: {user}\nSolution:\n', messages), 'Problem: Q\nSolution:\n');
    assert.match(validateTemplate('no placeholder') ?? '', /\{user\}/);
    assert.equal(poolingBase('http://h:8000/v1/'), 'http://h:8000');
  });
  test('stochastic-climb acceptance: min(1, (s_new/s_old)^(1/T))', () => {
    assert.equal(acceptanceProbability(0.9, 0.5, 0.1), 1);
    assert.ok(Math.abs(acceptanceProbability(0.5, 0.9, 1) - 0.5 / 0.9) < 1e-12);
    assert.ok(acceptanceProbability(0.5, 0.9, 0.1) < 0.01);
    assert.equal(acceptanceProbability(0.1, 0, 0.1), 1);
  });
});
