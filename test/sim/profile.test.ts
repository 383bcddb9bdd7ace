// Behaviour profiles: the fitted one is the default, names and paths select others, and a bad
// profile is refused with a message that names what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_PROFILES, loadBehaviour, ProfileError } from '../../src/sim/model/behaviour';
import { Simulator } from '../../src/sim/engine';
import { DEFAULT_SIM_OPTIONS, parseSimOptions } from '../../src/sim/options';

const dir = mkdtempSync(join(tmpdir(), 'ponder-profile-'));

test('the fitted profile is the default; built-in profiles load by name with or without their version', () => {
  assert.equal(new Simulator(DEFAULT_SIM_OPTIONS, [], null).behaviour.name, 'llama31-8b-math500');
  assert.equal(loadBehaviour(null).provenance.kind, 'fitted');
  assert.equal(loadBehaviour('paper-shaped').provenance.kind, 'hand-tuned');
  assert.equal(loadBehaviour('paper-shaped.v1'), BUILT_IN_PROFILES['paper-shaped.v1']);
  assert.equal(parseSimOptions(['--profile', 'paper-shaped']).profile, 'paper-shaped');
});

test('a profile file by path loads; a bad one says which fields are wrong', () => {
  const good = join(dir, 'good.json');
  const profile = { ...BUILT_IN_PROFILES['paper-shaped.v1'], name: 'mine' };
  writeFileSync(good, JSON.stringify(profile));
  assert.equal(loadBehaviour(good).name, 'mine');
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...profile, cruxShare: 2, verifier: { ...profile.verifier, finalNoise: -1 } }));
  assert.throws(
    () => loadBehaviour(bad),
    (err: Error) => err instanceof ProfileError && /cruxShare/.test(err.message) && /verifier\.finalNoise/.test(err.message),
  );
  const notJson = join(dir, 'broken.json');
  writeFileSync(notJson, '{');
  assert.throws(() => loadBehaviour(notJson), /not valid JSON/);
  assert.throws(
    () => loadBehaviour('no-such-profile'),
    /unknown profile 'no-such-profile': use one of llama31-8b-math500\.v1, paper-shaped\.v1/,
  );
  assert.throws(() => loadBehaviour(join(dir, 'missing.json')), /cannot read profile/);
});

test('the fitted profile names its sources with their sha256 and the script that wrote it', () => {
  const fitted = JSON.parse(readFileSync(join(__dirname, '..', '..', 'src', 'sim', 'profiles', 'llama31-8b-math500.v1.json'), 'utf8'));
  assert.equal(fitted.provenance.script, 'scripts/fit-sim.ts (npm run fit:sim)');
  assert.deepEqual(
    fitted.provenance.sources.map((s: { file: string }) => s.file.split('/').pop()),
    ['llama31-8b-math500-first100-n44.jsonl', 'llama32-3b-beam-math500-first100-n16-prm.jsonl', 'processbench-math.json'],
  );
});
