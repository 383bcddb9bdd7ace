// `ponder sim --replay F --strict` serves recordings only, in order, and refuses with a 400 that says what was
// not recorded; without --strict every reply says in x-ponder-replay whether it was recorded or simulated.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSteps } from '../../src/shared/steps';
import { DATA, startSim, type Sim } from '../helpers/sim';
import { runCli } from '../eval/cli';
import { client, postJson, qwenPrmInput, waitForStats } from './fixtures';

const BEAMS = join(DATA, 'real', 'llama32-3b-beam-math500-first100-n16-prm.jsonl');
const SAMPLES = join(DATA, 'real', 'llama31-8b-math500-first100-n44.jsonl');

interface Row {
  problem: string;
  completions: string[];
  scores?: number[][];
}

function rows(path: string): Row[] {
  assert.ok(existsSync(path), `real recordings expected at ${path} (../shared/data/real/ beside the repository; see its README)`);
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

/** A recording's pieces between blank lines, verbatim, without empty ones: what the sim serves. */
const pieces = (text: string) => text.split('\n\n').filter((s) => s.trim().length > 0);
const served = (text: string) => pieces(text).join('\n\n');
/** Steps as Ponder's engine splits them (trimmed), for scoring. */
const stepsOf = (text: string) => splitSteps(text, '\n\n').map((s) => s.text);

interface ErrorBody {
  error: { message: string; param: string | null; code: number };
}

describe('strict replay of the Llama-3.2-3B beams with their PRM scores', () => {
  const data = rows(BEAMS);
  const row = data[3];
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--replay', BEAMS, '--strict']);
  });
  after(() => sim.stop());

  const chat = (body: Record<string, unknown>) =>
    postJson(`${sim.url}/chat/completions`, { model: 'ponder-sim-policy', messages: [{ role: 'user', content: row.problem }], ...body });

  test('the banner says what is served', async () => {
    const banner = /strict replay: serves only recorded text and recorded step scores/;
    assert.match(
      await waitForStats(
        async () => sim.log(),
        (log) => banner.test(log),
      ),
      banner,
    );
  });

  test('choice k is the k-th recording, whatever the seed; a series of seeds continues it', async () => {
    const expected = row.completions.map(served);
    for (const seed of [1, 99]) {
      const r = await client(sim.url).chat.completions.create({
        model: 'ponder-sim-policy',
        messages: [{ role: 'user', content: row.problem }],
        n: 16,
        seed,
      });
      assert.deepEqual(
        r.choices.map((c) => c.message.content),
        expected,
      );
    }
    // Choices 9-16 asked as their own request, seeded as Ponder's client seeds a second batch (seed + 8).
    const [first, second] = [await chat({ n: 8, seed: 5000 }), await chat({ n: 8, seed: 5008 })];
    const texts = [first, second].flatMap((r) => (r.json as { choices: Array<{ message: { content: string } }> }).choices);
    assert.deepEqual(
      texts.map((c) => c.message.content),
      expected,
    );
    assert.equal(first.headers.get('x-ponder-replay'), 'recorded');
  });

  test('a continuation follows the recordings that begin with the given steps, in file order', async () => {
    const steps = stepsOf(row.completions[5]).slice(0, 2);
    const continuing = row.completions.filter((c) => stepsOf(c).slice(0, 2).join('\n\n') === steps.join('\n\n') && stepsOf(c).length > 2);
    const r = await postJson(`${sim.url}/chat/completions`, {
      model: 'ponder-sim-policy',
      messages: [
        { role: 'user', content: row.problem },
        { role: 'assistant', content: steps.join('\n\n') + '\n\n' },
      ],
      continue_final_message: true,
      add_generation_prompt: false,
      n: continuing.length,
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(
      (r.json as { choices: Array<{ message: { content: string } }> }).choices.map((c) => c.message.content),
      continuing.map((c) => pieces(c).slice(2).join('\n\n')),
    );
  });

  const refusals: Array<[string, () => Promise<{ status: number; json: unknown; headers: Headers }>, string, RegExp]> = [
    [
      'a problem that was not recorded',
      () => chat({ messages: [{ role: 'user', content: 'What is 2 + 2?' }] }),
      'messages',
      /problem not recorded/,
    ],
    ['more samples than recorded', () => chat({ n: 17 }), 'n', /asks for 17 choice\(s\) from choice 1 .* 16 recorded solutions/],
    [
      'greedy decoding of sampled recordings',
      () => chat({ temperature: 0 }),
      'temperature',
      /greedy decoding \(temperature 0\) was not recorded/,
    ],
    [
      'a partial answer no recording begins with',
      () =>
        chat({
          messages: [
            { role: 'user', content: row.problem },
            { role: 'assistant', content: 'Let me guess.\n\n' },
          ],
          continue_final_message: true,
          add_generation_prompt: false,
        }),
      'messages',
      /no recording of this problem begins with the 1 step\(s\) of the partial answer/,
    ],
    [
      'a revision (earlier attempts in the prompt)',
      () => chat({ messages: [{ role: 'user', content: `${row.problem}\n\nEarlier attempt: ... so the answer is $\\boxed{7}$.` }] }),
      'messages',
      /revisions were not recorded/,
    ],
    [
      'step scores of a solution that was not recorded',
      () =>
        postJson(`${sim.origin}/pooling`, {
          input: qwenPrmInput(row.problem, [...stepsOf(row.completions[0]).slice(0, 1), 'So the answer is 7.']),
        }),
      'input',
      /step 2 of this 2-step solution has no recorded score/,
    ],
  ];
  for (const [what, ask, param, message] of refusals) {
    test(`refuses ${what} with a 400 saying what was not recorded`, async () => {
      const r = await ask();
      assert.equal(r.status, 400, JSON.stringify(r.json));
      assert.equal(r.headers.get('x-ponder-replay'), 'unrecorded', 'the refusal says it is one (the engine reads it)');
      const { error } = r.json as ErrorBody;
      assert.equal(error.param, param);
      assert.match(error.message, /^strict replay: /);
      assert.match(error.message, message);
      assert.match(error.message, /or drop --strict/);
    });
  }

  test('every recorded solution is scored with its recorded scores, never the sim own', async () => {
    // Four beams repeat an earlier beam's text with scores that differ in the last bf16 digit: the first recording's are served.
    const firstScores = new Map<string, number[]>();
    const inputs: string[] = [];
    const expected: number[][] = [];
    for (const r of data.slice(0, 20)) {
      r.completions.forEach((text, i) => {
        const key = `${r.problem}\u0000${served(text)}`;
        if (!firstScores.has(key)) firstScores.set(key, r.scores![i]);
        inputs.push(qwenPrmInput(r.problem, stepsOf(text)));
        // Two beams end in an empty scored step: the scores of the non-empty steps line up.
        expected.push(firstScores.get(key)!.slice(0, stepsOf(text).length));
      });
    }
    const r = await postJson(`${sim.origin}/pooling`, { model: 'ponder-sim-prm', input: inputs });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.headers.get('x-ponder-replay'), 'recorded');
    const got = (r.json as { data: Array<{ data: number[][] }> }).data.map((d) => d.data.map(([, pos]) => pos));
    assert.deepEqual(got, expected);
  });
});

describe('strict replay of samples without recorded scores (Llama-3.1-8B, 44 per problem)', () => {
  const data = rows(SAMPLES);
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--replay', SAMPLES, '--strict']);
  });
  after(() => sim.stop());

  test('serves all 44 samples in order and refuses to score them', async () => {
    const row = data[7];
    const r = await client(sim.url).chat.completions.create({
      model: 'ponder-sim-policy',
      messages: [{ role: 'user', content: row.problem }],
      n: 44,
    });
    assert.deepEqual(
      r.choices.map((c) => c.message.content),
      row.completions.map(served),
    );
    const pooled = await postJson(`${sim.origin}/pooling`, { input: qwenPrmInput(row.problem, stepsOf(row.completions[0])) });
    assert.equal(pooled.status, 400);
    assert.match((pooled.json as ErrorBody).error.message, /records no step scores for this problem .* evaluate without a verifier/);
  });
});

describe('replay without --strict labels what it simulated', () => {
  const data = rows(BEAMS);
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--replay', BEAMS]);
  });
  after(() => sim.stop());

  test('x-ponder-replay: recorded for recordings, simulated for the behaviour model, partly-simulated for mixed scores', async () => {
    const banner = /replay: recorded text and scores where recorded, SIMULATED output elsewhere/;
    assert.match(
      await waitForStats(
        async () => sim.log(),
        (log) => banner.test(log),
      ),
      banner,
    );
    const ask = (problem: string) =>
      postJson(`${sim.url}/chat/completions`, { model: 'ponder-sim-policy', messages: [{ role: 'user', content: problem }] });
    assert.equal((await ask(data[0].problem)).headers.get('x-ponder-replay'), 'recorded');
    assert.equal((await ask('What is 2 + 2?')).headers.get('x-ponder-replay'), 'simulated');
    const steps = stepsOf(data[0].completions[0]);
    const score = (s: string[]) => postJson(`${sim.origin}/pooling`, { input: qwenPrmInput(data[0].problem, s) });
    assert.equal((await score(steps)).headers.get('x-ponder-replay'), 'recorded');
    assert.equal((await score([steps[0], 'So the answer is 7.'])).headers.get('x-ponder-replay'), 'partly-simulated');
    assert.equal((await score(['A step nobody wrote.'])).headers.get('x-ponder-replay'), 'simulated');
  });
});

describe('strict replay with --shuffle: each series in a random order seeded by its first seed', () => {
  const row = rows(BEAMS)[3];
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--replay', BEAMS, '--strict', '--shuffle']);
  });
  after(() => sim.stop());

  const texts = async (n: number, seed: number) => {
    const r = await client(sim.url).chat.completions.create({
      model: 'ponder-sim-policy',
      messages: [{ role: 'user', content: row.problem }],
      n,
      seed,
    });
    return r.choices.map((c) => c.message.content ?? '');
  };

  test("a series serves every recording once, in its seed's order; waves of the same series see the same order", async () => {
    const recorded = row.completions.map(served);
    const [a, b] = [await texts(16, 7000), await texts(16, 9000)];
    for (const order of [a, b]) assert.deepEqual([...order].sort(), [...recorded].sort(), 'each recording exactly once');
    assert.notDeepEqual(a, recorded, 'not in file order');
    assert.notDeepEqual(a, b, 'another first seed, another order');
    // The same series again, asked a wave of 4 at a time (seeds 7000, 7004, ...), as an adaptive run draws it.
    const waves = [];
    for (let offset = 0; offset < 16; offset += 4) waves.push(...(await texts(4, 7000 + offset)));
    assert.deepEqual(waves, a);
  });

  test('the banner says the order is shuffled', async () => {
    const banner = /in a random order seeded by its first seed/;
    assert.match(
      await waitForStats(
        async () => sim.log(),
        (log) => banner.test(log),
      ),
      banner,
    );
  });
});

test('--shuffle without --strict is refused', async () => {
  const r = await runCli(['sim', '--port', '0', '--replay', BEAMS, '--shuffle']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--shuffle needs --replay FILE --strict/);
});

test('--strict without --replay is refused', async () => {
  const r = await runCli(['sim', '--port', '0', '--strict']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--strict needs --replay FILE/);
});
