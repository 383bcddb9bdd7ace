// --replay serves recorded real completions (and recorded step scores) through the same endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, startSim, type Sim } from '../helpers/sim';
import { client, MATH_ROWS, postJson, qwenPrmInput } from './fixtures';

interface ReplayRow {
  problem: string;
  completions: string[];
  scores?: number[][];
}

const SAMPLES = join(DATA, 'real', 'llama31-8b-math500-first100-n44.jsonl');
const BEAMS = join(DATA, 'real', 'llama32-3b-beam-math500-first100-n16-prm.jsonl');
const rows = (path: string): ReplayRow[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ReplayRow);

describe('replay of sampled completions (llama31-8b, 44 per problem)', () => {
  const data = rows(SAMPLES);
  const row = data[4];
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--replay', SAMPLES]);
  });
  after(() => sim.stop());

  const ask = (seed: number, n: number) =>
    client(sim.url).chat.completions.create({ model: 'ponder-sim-policy', messages: [{ role: 'user', content: row.problem }], seed, n });

  test('n > 1 draws distinct recorded completions, the same ones for the same seed', async () => {
    const [a, b, c] = await Promise.all([ask(1, 8), ask(1, 8), ask(2, 8)]);
    const texts = a.choices.map((ch) => ch.message.content ?? '');
    for (const t of texts) assert.ok(row.completions.includes(t), 'a recorded completion, verbatim');
    assert.equal(new Set(texts).size, 8);
    assert.deepEqual(
      b.choices.map((ch) => ch.message.content),
      texts,
    );
    assert.notDeepEqual(
      c.choices.map((ch) => ch.message.content),
      texts,
    );
  });

  test('step-by-step continuation follows a recording that starts with the given steps', async () => {
    const first = await client(sim.url).chat.completions.create({
      model: 'ponder-sim-policy',
      messages: [{ role: 'user', content: row.problem }],
      seed: 3,
      stop: ['\n\n'],
    });
    const step1 = first.choices[0].message.content ?? '';
    assert.ok(row.completions.some((c) => c.startsWith(step1 + '\n\n')));
    const body = {
      model: 'ponder-sim-policy',
      messages: [
        { role: 'user', content: row.problem },
        { role: 'assistant', content: step1 + '\n\n' },
      ],
      continue_final_message: true,
      add_generation_prompt: false,
      seed: 4,
    };
    const rest = await postJson(`${sim.url}/chat/completions`, body);
    const text = (rest.json as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
    assert.ok(row.completions.includes(step1 + '\n\n' + text));
  });

  test('problems not in the file fall back to the behaviour model; /pooling still scores recorded text', async () => {
    const other = MATH_ROWS[300];
    const r = await client(sim.url).chat.completions.create({
      model: 'ponder-sim-policy',
      messages: [{ role: 'user', content: other.problem }],
      seed: 1,
    });
    assert.match(r.choices[0].message.content ?? '', /^Step 1: .*s_\{1\} = \d+/);
    const steps = row.completions[0].split('\n\n');
    const pooled = await postJson(`${sim.origin}/pooling`, { input: qwenPrmInput(row.problem, steps) });
    assert.equal((pooled.json as { data: Array<{ data: number[][] }> }).data[0].data.length, steps.length);
  });
});

describe('replay of beam search with recorded PRM scores (llama32-3b, 16 beams)', () => {
  const data = rows(BEAMS);
  const row = data[1];
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--replay', BEAMS]);
  });
  after(() => sim.stop());

  test('recorded step scores are served through /pooling for recorded steps', async () => {
    const inputs = row.completions.slice(0, 4).map((c) => qwenPrmInput(row.problem, c.split('\n\n')));
    const r = await postJson(`${sim.origin}/pooling`, { model: 'ponder-sim-prm', input: inputs });
    const data = (r.json as { data: Array<{ data: number[][] }> }).data;
    data.forEach((item, i) =>
      assert.deepEqual(
        item.data.map(([, pos]) => pos),
        row.scores![i],
      ),
    );
  });

  test('a step prefix of a recording gets the recorded scores of those steps', async () => {
    const steps = row.completions[2].split('\n\n').slice(0, 2);
    const r = await postJson(`${sim.origin}/pooling`, { input: qwenPrmInput(row.problem, steps) });
    assert.deepEqual(
      (r.json as { data: Array<{ data: number[][] }> }).data[0].data.map(([, pos]) => pos),
      row.scores![2].slice(0, 2),
    );
  });

  test('all 16 recorded beams can be drawn in one request', async () => {
    const r = await client(sim.url).chat.completions.create({
      model: 'ponder-sim-policy',
      messages: [{ role: 'user', content: row.problem }],
      n: 16,
      seed: 5,
    });
    const texts = r.choices.map((c) => c.message.content ?? '');
    assert.equal(new Set(texts).size, new Set(row.completions).size);
    for (const t of texts) assert.ok(row.completions.includes(t));
  });
});
