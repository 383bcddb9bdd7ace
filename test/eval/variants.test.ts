// Strategy variants (`beam:width=16`): one parser for `ponder eval --strategies`, the eval backend and
// `ponder calibrate`; values are checked against each strategy's own parameter schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandVariants, namedVariant, parseVariant, parseVariantList } from '../../src/eval/variants';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('no error');
};

test('a bare name is the strategy with its defaults; a variant carries its typed parameters and a canonical label', () => {
  assert.deepEqual(parseVariant('beam'), { label: 'beam', strategy: 'beam', params: {} });
  assert.deepEqual(parseVariant('auto'), { label: 'auto', strategy: 'auto', params: {} });
  assert.deepEqual(parseVariant('beam:width=16'), { label: 'beam:width=16', strategy: 'beam', params: { width: 16 } });
  // Parameters in the schema's order (width, then k), whatever order they were written in.
  assert.equal(parseVariant('lookahead:k=3:width=4').label, 'lookahead:width=4:k=3');
  assert.deepEqual(parseVariant('lookahead:k=3:width=4').params, { width: 4, k: 3 });
  assert.deepEqual(parseVariant('revisions:length=2:acceptance=always:temperature=0.50').params, {
    length: 2,
    acceptance: 'always',
    temperature: 0.5,
  });
  assert.equal(parseVariant('revisions:temperature=0.50').label, 'revisions:temperature=0.5');
  // A label parses back to itself: results lines name their variant by label.
  for (const spec of ['beam:width=16', 'lookahead:width=4:k=3', 'revisions:length=8:acceptance=always'])
    assert.equal(parseVariant(parseVariant(spec).label).label, parseVariant(spec).label);
});

test('a grid a|b expands to one variant per combination; a list keeps its order and drops repeats', () => {
  assert.deepEqual(
    expandVariants('lookahead:width=2|4:k=1|3').map((v) => v.label),
    ['lookahead:width=2:k=1', 'lookahead:width=2:k=3', 'lookahead:width=4:k=1', 'lookahead:width=4:k=3'],
  );
  assert.deepEqual(
    parseVariantList('majority, beam:width=4|16 ,beam:width=16,beam,revisions:length=1|4').map((v) => v.label),
    ['majority', 'beam:width=4', 'beam:width=16', 'beam', 'revisions:length=1', 'revisions:length=4'],
  );
});

test('a bad spec says what to change, in the words policy files use', () => {
  assert.equal(
    message(() => parseVariant('beam:widht=4')),
    `'beam:widht=4': beam: unknown parameter "widht" (known: width)`,
  );
  assert.equal(
    message(() => parseVariant('beam:width=1')),
    `'beam:width=1': beam.width must be an integer >= 2; got 1`,
  );
  assert.equal(
    message(() => parseVariant('lookahead:k=two')),
    `'lookahead:k=two': lookahead.k must be an integer >= 1; got "two"`,
  );
  assert.equal(
    message(() => parseVariant('majority:n=8')),
    `'majority:n=8': majority: unknown parameter "n" (known: settle, gainBelow)`,
  );
  assert.match(
    message(() => parseVariant('revisions:acceptance=sometimes')),
    /^'revisions:acceptance=sometimes': revisions\.acceptance must be one of "always", .*; got "sometimes"$/,
  );
  assert.match(
    message(() => parseVariant('beams:width=4')),
    /^unknown strategy 'beams' in 'beams:width=4'; use majority, .* or auto$/,
  );
  assert.match(
    message(() => parseVariant('beam:16')),
    /'16' is not key=value; write NAME or NAME:key=value/,
  );
  assert.match(
    message(() => parseVariant('beam:width=')),
    /'width=' is not key=value/,
  );
  assert.match(
    message(() => parseVariant('beam:width=4:width=8')),
    /width is given twice/,
  );
  assert.match(
    message(() => parseVariant('beam:width=4|8')),
    /one value per parameter here/,
  );
  assert.match(
    message(() => parseVariant('auto:width=4')),
    /auto takes no parameters/,
  );
  assert.match(
    message(() => parseVariantList('beam:width=4|1')),
    /beam\.width must be an integer >= 2; got 1/,
  );
  assert.match(
    message(() => namedVariant('auto')),
    /the router itself/,
  );
});
