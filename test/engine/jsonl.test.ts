// The one JSONL reader (src/core/jsonl.ts) and the readers built on it: bad lines are named by their
// line number in the file, blank lines included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { z } from 'zod';
import { jsonlLines, parseJsonl, readJsonl } from '../../src/core/jsonl';
import { JobCache } from '../../src/eval/cache';
import { loadProblems } from '../../src/eval/dataset';
import { readResults } from '../../src/eval/results';

const dir = mkdtempSync(join(tmpdir(), 'ponder-jsonl-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const pair = z.object({ gold: z.string(), pred: z.string() });

test('lines are numbered in the file, blank lines counted; each bad line says what is wrong', () => {
  const text = '{"gold": "1", "pred": "1"}\n\n  \n{"gold": "2"}\nnot json\r\n{"gold": "3", "pred": "3"}\r\n';
  const lines = [...jsonlLines(text, pair, '{gold, pred}')];
  assert.deepEqual(
    lines.map((l) => (l.ok ? [l.line, l.value.gold] : [l.line, l.problem])),
    [
      [1, '1'],
      [4, 'expected {gold, pred}: pred: Invalid input: expected string, received undefined'],
      [5, 'not valid JSON'],
      [6, '3'],
    ],
  );
  assert.throws(() => parseJsonl(text, pair, '{gold, pred}', 'pairs.jsonl'), /^Error: pairs\.jsonl:4: expected \{gold, pred\}: pred: /);
});

test('a limit stops reading: lines past it are never parsed', () => {
  assert.deepEqual(
    parseJsonl('{"gold": "a", "pred": "b"}\nbroken', pair, '{gold, pred}', 'x.jsonl', 1).map((r) => [r.line, r.value.pred]),
    [[1, 'b']],
  );
});

test('an unreadable file names the file, what it is and what to do', () => {
  const missing = join(dir, 'nope.jsonl');
  assert.throws(
    () => readJsonl(missing, pair, '{gold, pred}', { what: 'data set', hint: 'check the path' }),
    /^Error: cannot read data set .*nope\.jsonl: ENOENT.*\(check the path\)$/,
  );
});

test('data sets, results and the cache read through it', () => {
  const dataset = join(dir, 'problems.jsonl');
  writeFileSync(dataset, '{"problem": "1+1?", "answer": 2}\n\n{"problem": "2+2?", "answer": "4", "unique_id": "b"}\n{"problem": ""}\n');
  assert.throws(() => loadProblems(dataset), /problems\.jsonl:4: expected \{problem, answer, unique_id\?, level\?\}/);
  assert.deepEqual(
    loadProblems(dataset, 2).map((p) => [p.uniqueId, p.answer]),
    [
      ['line-1', '2'],
      ['b', '4'],
    ],
  );

  const results = join(dir, 'results.jsonl');
  writeFileSync(results, '\n{"unique_id": "a"}\n');
  assert.throws(() => readResults(results), /results\.jsonl:2: expected a results line: /);
  assert.throws(() => readResults(join(dir, 'none.jsonl')), /cannot read .*none\.jsonl: .*\(run ponder eval --out DIR first\)/);

  const cachePath = join(dir, 'cache.jsonl');
  writeFileSync(cachePath, '{"key": "k", "part": 0, "value": 1}\n{"part": 1, "value": 2}\n{"key": "k", "part": 1, "val');
  const cache = new JobCache(cachePath);
  assert.deepEqual(cache.parts('k'), [1], 'a line without a key and a torn last line are skipped');
  cache.put('k', 1, 3);
  assert.deepEqual(new JobCache(cachePath).parts('k'), [1, 3], 'the next entry starts on its own line');
});
