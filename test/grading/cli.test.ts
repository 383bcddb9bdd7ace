// `ponder grade` through the built bundle (dist/cli.js): flags, JSONL pairs, usage and file errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function ponder(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'grade', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--gold/--pred prints true or false and exits 0 either way', () => {
  assert.deepEqual(ponder('--gold', '\\frac{1}{2}', '--pred', '0.5').stdout, 'true\n');
  const differ = ponder('--gold', '(1,3)', '--pred', 'so the answer is $\\boxed{(3,1)}$');
  assert.equal(differ.stdout, 'false\n');
  assert.equal(differ.code, 0);
});

test('a missing flag is a usage error (exit 2)', () => {
  const r = ponder('--gold', '1');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing --pred/);
  assert.equal(ponder('--bogus').code, 2);
});

test('--pairs prints one verdict per non-blank line, in order, and survives bad lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-grade-'));
  try {
    const file = join(dir, 'pairs.jsonl');
    const lines = [
      JSON.stringify({ gold: '\\dfrac{1}{2}', pred: 'We get $x = \\boxed{0.5}$.' }),
      '',
      JSON.stringify({ gold: '(1,3)', pred: '(3,1)' }),
      'not json',
      JSON.stringify({ gold: 1 }),
      JSON.stringify({ gold: '5', pred: 'I give up.' }),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const r = ponder('--pairs', file);
    assert.equal(r.code, 0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(out[0], { equal: true, gold: '\\frac{1}{2}', pred: '0.5' });
    assert.deepEqual(out[1], { equal: false, gold: '(1,3)', pred: '(3,1)' });
    assert.equal(out[2].equal, false);
    assert.match(String(out[2].error), /line 4/);
    assert.match(String(out[3].error), /line 5/);
    assert.deepEqual(out[4], { equal: false, gold: '5', pred: null });
    assert.equal(out.length, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable file exits 1 with a message', () => {
  const r = ponder('--pairs', join(tmpdir(), 'no-such-dir-ponder', 'x.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read .*ENOENT/);
});
