// The `ponder sim` command line: help, option errors, URL on the first line, clean shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { CLI, startSim } from '../helpers/sim';
import { SIM_OPTION_SPECS, DEFAULT_SIM_OPTIONS } from '../../src/sim/options';

test('--help lists every option with its default', () => {
  const r = spawnSync(process.execPath, [CLI, 'sim', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const [flag, spec] of Object.entries(SIM_OPTION_SPECS)) {
    const value = DEFAULT_SIM_OPTIONS[spec.key];
    assert.match(r.stdout, new RegExp(`--${flag} .*\\(default: ${value === null ? 'none' : String(value)}\\)`), flag);
  }
});

test('bad options exit 2 with a message naming the option', () => {
  for (const [args, pattern] of [
    [['--fail-rate', '2'], /--fail-rate expects a fraction/],
    [['--capacity', 'lots'], /--capacity expects a number/],
    [['--warp-speed', '9'], /unknown option --warp-speed/],
    [['--port'], /--port needs a value/],
  ] as const) {
    const r = spawnSync(process.execPath, [CLI, 'sim', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, pattern);
  }
});

test('an unreadable --problems file is reported, not a crash trace', () => {
  const r = spawnSync(process.execPath, [CLI, 'sim', '--port', '0', '--problems', '/nonexistent/problems.jsonl'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /nonexistent\/problems\.jsonl/);
  assert.equal(r.stdout, '');
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`prints http://127.0.0.1:PORT/v1 first and exits cleanly on ${signal}`, async () => {
    const sim = await startSim(['--port=0']);
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = await fetch(`${sim.url}/models`);
    assert.equal(models.status, 200);
    sim.process.kill(signal);
    const [code] = (await once(sim.process, 'exit')) as [number | null];
    assert.equal(code, 0);
  });
}
