// Reads a normalised answer into its shape: unordered lists and sets, tuples and intervals,
// unions, matrices, equations and inequalities, plain text, or one scalar expression.
import { matchingClose, splitTopLevel } from './latex-scan';

export type Answer =
  | { kind: 'expr'; latex: string; percent: boolean }
  | { kind: 'text'; text: string }
  /** Tuples, points and intervals: the brackets matter and so does the order. */
  | { kind: 'bracketed'; open: '(' | '['; close: ')' | ']'; items: Answer[] }
  /** Sets, bare lists of answers and `\pm` expansions: order does not matter. */
  | { kind: 'collection'; items: Answer[]; decimalComma?: string }
  | { kind: 'union'; parts: Answer[] }
  | { kind: 'matrix'; rows: Answer[][] }
  /**
   * `sides[0] ops[0] sides[1] ops[1] ...` with ops among = \neq < \leq > \geq. An assignment
   * (`x = 5`, `k = 1 + 1 = 2`) also carries the value it assigns.
   */
  | { kind: 'relation'; ops: string[]; sides: string[]; value?: Answer };

const MAX_ITEMS = 64;
const MAX_PARSE_DEPTH = 8;

const LIST_SEPARATORS = /\s*(?:,|;|\band\b|\bor\b|\\text\{\s*(?:and|or)\s*\})\s*/;
const RELATION = /\s*(=|\\neq|\\leq|\\geq|<|>|\\approx)\s*/;

export function parseAnswer(normalized: string): Answer {
  return parseList(normalized, 0);
}

function parseList(text: string, depth: number): Answer {
  const s = text.replace(/(?<=[\d)}\]])\s*or\s*(?=[-\d([\\A-Za-z])/g, ', ').trim();
  const parts = splitTopLevel(s, LIST_SEPARATORS)
    .map((p) => p.trim())
    .filter((p) => p && !/^(?:and|or)$/i.test(p));
  if (parts.length > 1 && parts.length <= MAX_ITEMS && depth < MAX_PARSE_DEPTH) {
    const decimalComma = /^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : undefined;
    return collection(
      parts.map((p) => parseItem(p, depth + 1)),
      decimalComma,
    );
  }
  return parseItem(parts[0] ?? s, depth);
}

function collection(items: Answer[], decimalComma?: string): Answer {
  const flat = items.flatMap((i) => (i.kind === 'collection' && !i.decimalComma ? i.items : [i]));
  if (flat.length === 1) return flat[0];
  return decimalComma ? { kind: 'collection', items: flat, decimalComma } : { kind: 'collection', items: flat };
}

// An assignment target: `x`, `k`, `f(x)`, `a_{37}`, `|AB|`, `A:B`, `(p,q)`, `\frac{NO}{BO}`, `S_{MBCN}:S`.
function isAssignmentTarget(lhs: string): boolean {
  const bare = lhs.replace(/_\s*(?:\{[^{}]*\}|\w)/g, '').trim();
  if (!bare || bare.length > 40) return false;
  if (/[\d+\-^=<>]/.test(bare)) return false;
  return /^[A-Za-z\\|({:,\s})]/.test(bare) && !/\\(?:sqrt|pi|sum|int)/.test(bare);
}

function parseItem(raw: string, depth: number): Answer {
  const s = raw.trim().replace(/^[A-Za-z](?:_\{?\w+\}?)?\s*\\in\s*/, '');
  if (depth >= MAX_PARSE_DEPTH) return scalar(s);

  const relation = splitTopLevel(s, RELATION);
  if (relation.length > 1) {
    const ops = [...s.matchAll(new RegExp(RELATION.source, 'g'))].map((m) => m[1]);
    const sides = relation.map((p) => p.trim());
    if (ops.length === sides.length - 1 && sides.every(Boolean)) {
      const assigned = assignedValue(ops, sides);
      const relation: Answer = { kind: 'relation', ops: ops.map(canonicalOp), sides };
      return assigned === null ? relation : { ...relation, value: parseList(assigned, depth + 1) };
    }
  }

  const union = splitTopLevel(s, /\s*\\cup\s*/);
  if (union.length > 1) return unionOf(union.map((p) => parseItem(p, depth + 1)));

  const pm = /\\(?:pm|mp)(?![a-zA-Z])/.exec(s);
  const signs = (s.match(/\\(?:pm|mp)(?![a-zA-Z])/g) ?? []).length;
  if (pm && signs <= 2 && splitTopLevel(s, /\\(?:pm|mp)(?![a-zA-Z])/).length > 1) {
    const plus = s.slice(0, pm.index) + '+' + s.slice(pm.index + pm[0].length);
    const minus = s.slice(0, pm.index) + '-' + s.slice(pm.index + pm[0].length);
    return collection([parseItem(plus, depth + 1), parseItem(minus, depth + 1)]);
  }

  const matrix = parseMatrix(s, depth);
  if (matrix) return matrix;

  const set = /^\\\{([\s\S]*)\\\}$/.exec(s) ?? (s.startsWith('{') && matchingClose(s, 0) === s.length ? [s, s.slice(1, -1)] : null);
  if (set) {
    const inner = set[1].trim();
    const items = splitTopLevel(inner, /\s*[,;]\s*/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (items.length > 1 || s.startsWith('\\{'))
      return { kind: 'collection', items: items.slice(0, MAX_ITEMS).map((p) => parseItem(p, depth + 1)) };
    return parseItem(inner, depth + 1);
  }

  const bracketed = parseBracketed(s, depth);
  if (bracketed) return bracketed;

  // Words ("Monday", "no solution"), not single letters joined by minus signs ("p - q", "x-y": expressions).
  if (/^[A-Za-z][A-Za-z\s'.-]*$/.test(s) && /[A-Za-z]{2}/.test(s) && (/\s/.test(s) || s.length >= 3))
    return { kind: 'text', text: s.toLowerCase().replace(/\s+/g, ' ') };
  return scalar(s);
}

function canonicalOp(op: string): string {
  return op === '\\approx' ? '=' : op;
}

/**
 * `x = 5`, `k = 1 + 1 = 2`, `(p,q) = (3,2)`: the value assigned (the last exact side; an `\approx`
 * side only when there is nothing else). Null when this is an equation to compare as such.
 */
function assignedValue(ops: string[], sides: string[]): string | null {
  if (!ops.every((op) => op === '=' || op === '\\approx')) return null;
  const constant = (side: string) => !/[A-Za-z]/.test(side.replace(/\\[a-zA-Z]+/g, ''));
  // `\frac{1}{2} = \frac{10}{9}` is a computation whose result comes last; `7 = 11a+c` is an equation.
  if (ops.length === 1 && !isAssignmentTarget(sides[0]) && !(constant(sides[0]) && constant(sides[1]))) return null;
  for (let i = ops.length - 1; i >= 0; i--) if (ops[i] === '=') return sides[i + 1];
  return sides[sides.length - 1];
}

function unionOf(parts: Answer[]): Answer {
  // A union of finite sets is one set: {1,3} \cup {2,4} = {1,2,3,4}.
  if (parts.every((p) => p.kind === 'collection' || p.kind === 'expr')) {
    return collection(parts.flatMap((p) => (p.kind === 'collection' ? p.items : [p])));
  }
  return { kind: 'union', parts };
}

function parseBracketed(s: string, depth: number): Answer | null {
  const open = s[0];
  const close = s[s.length - 1];
  if ((open !== '(' && open !== '[') || (close !== ')' && close !== ']') || s.length < 2) return null;
  const inner = s.slice(1, -1);
  if (!balanced(inner)) return null;
  let items = splitTopLevel(inner, /\s*,\s*/).map((p) => p.trim());
  if (items.length === 1) items = splitTopLevel(inner, /\s*;\s*/).map((p) => p.trim());
  if (items.some((p) => !p) || items.length > MAX_ITEMS) return null;
  if (items.length === 1) {
    // `(C)` or `(\frac{1}{3})` is grouping, not a 1-tuple
    return open === '(' && close === ')' ? parseList(inner, depth + 1) : null;
  }
  return { kind: 'bracketed', open, close, items: items.map((p) => parseItem(p, depth + 1)) };
}

function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const MATRIX = /^[([]?\s*\\begin\{(p|b|v|B|V|small|)matrix\}([\s\S]*?)\\end\{\1matrix\}\s*[)\]]?$/;
const ARRAY = /^[([]?\s*\\begin\{array\}\s*\{[^{}]*\}([\s\S]*?)\\end\{array\}\s*[)\]]?$/;

function parseMatrix(s: string, depth: number): Answer | null {
  const m = MATRIX.exec(s);
  const body = m ? m[2] : ARRAY.exec(s)?.[1];
  if (body === undefined || /\\(?:begin|end)\{/.test(body)) return null; // several matrices: arithmetic
  const rows = body
    .split(/\\\\/)
    .map((r) => r.trim())
    .filter(Boolean)
    .slice(0, MAX_ITEMS)
    .map((r) =>
      r
        .split('&')
        .slice(0, MAX_ITEMS)
        .map((c) => parseItem(c.trim(), depth + 1)),
    );
  return { kind: 'matrix', rows };
}

function scalar(s: string): Answer {
  const percent = /\\%\s*$/.test(s);
  const latex = s.replace(/\\%\s*$/, '').trim();
  return { kind: 'expr', latex, percent };
}
