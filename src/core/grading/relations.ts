// Equations and inequalities: `a = b` matches `c = d` when a - b is a non-zero constant multiple of
// c - d (a positive multiple for inequalities, after turning > into <); a chain like `-2 \leq x \leq 7`
// is also an interval.
import type { Answer } from './structure';
import type { WorkBudget } from './workBudget';
import { casDifference, closeEnough, evaluateAt, samplePoint, type CasValue } from './cas';
import { latexEqual } from './scalar';

type Relation = Extract<Answer, { kind: 'relation' }>;

const FLIP: Record<string, string> = { '>': '<', '\\geq': '\\leq', '<': '<', '\\leq': '\\leq', '=': '=', '\\neq': '\\neq' };

/** `left op right` rewritten as `difference op' 0` with op' among = \neq < \leq. */
function asDifference(left: string, op: string, right: string): { op: string; lhs: string; rhs: string } {
  return op === '>' || op === '\\geq' ? { op: FLIP[op], lhs: right, rhs: left } : { op, lhs: left, rhs: right };
}

export function relationsEqual(a: Relation, b: Relation, budget: WorkBudget): boolean {
  if (a.ops.length !== b.ops.length) return false;
  if (a.ops.length === 1) return singleRelationsEqual(a, b, budget);
  // Chains: the same sides in the same order, or the mirror (`a < x < b` is `b > x > a`).
  const same = (x: Relation, y: Relation) =>
    x.ops.every((op, i) => op === y.ops[i]) && x.sides.every((s, i) => latexEqual(s, y.sides[i], budget));
  return same(a, b) || same(a, mirror(b));
}

function mirror(r: Relation): Relation {
  const flipOp: Record<string, string> = { '<': '>', '>': '<', '\\leq': '\\geq', '\\geq': '\\leq', '=': '=', '\\neq': '\\neq' };
  return { kind: 'relation', ops: [...r.ops].reverse().map((op) => flipOp[op] ?? op), sides: [...r.sides].reverse() };
}

function singleRelationsEqual(a: Relation, b: Relation, budget: WorkBudget): boolean {
  const x = asDifference(a.sides[0], a.ops[0], a.sides[1]);
  const y = asDifference(b.sides[0], b.ops[0], b.sides[1]);
  if (x.op !== y.op) return false;
  if (latexEqual(x.lhs, y.lhs, budget) && latexEqual(x.rhs, y.rhs, budget)) return true;
  const symmetric = x.op === '=' || x.op === '\\neq';
  if (symmetric && latexEqual(x.lhs, y.rhs, budget) && latexEqual(x.rhs, y.lhs, budget)) return true;
  const p = casDifference(x.lhs, x.rhs, budget);
  const q = casDifference(y.lhs, y.rhs, budget);
  if (!p || !q) return false;
  const ratio = constantRatio(p, q, budget);
  if (ratio === null || ratio === 0) return false;
  return symmetric || ratio > 0;
}

/** The constant c with p = c q at every sampled point, or null when there is none. */
function constantRatio(p: CasValue, q: CasValue, budget: WorkBudget): number | null {
  const variables = [...new Set([...p.variables, ...q.variables])];
  if (variables.length === 0 || p.bound || q.bound) return null;
  let ratio: number | null = null;
  for (let k = 0; k < 3; k++) {
    const values = evaluateAt([p, q], samplePoint(variables, k), budget);
    if (!values || values[0] === null || values[1] === null || values[1] === 0) return null;
    const r = values[0] / values[1];
    if (ratio === null) ratio = r;
    else if (!closeEnough(ratio, r, 1e-6)) return null;
  }
  return ratio;
}

/**
 * `a < x < b` -> (a, b), `x \geq 5` -> [5, \infty), `x < 3` -> (-\infty, 3), when one side is a bare
 * variable; null otherwise.
 */
export function relationAsInterval(r: Relation): Answer | null {
  const isVariable = (s: string) => /^[A-Za-z](?:_\{?\w+\}?)?(?:\([A-Za-z]\))?$/.test(s.trim());
  const bound = (latex: string): Answer => ({ kind: 'expr', latex, percent: false });
  const strict = (op: string) => op === '<' || op === '>';
  if (r.ops.length === 2 && isVariable(r.sides[1])) {
    const [o1, o2] = r.ops;
    const ascending = (o1 === '<' || o1 === '\\leq') && (o2 === '<' || o2 === '\\leq');
    const descending = (o1 === '>' || o1 === '\\geq') && (o2 === '>' || o2 === '\\geq');
    if (!ascending && !descending) return null;
    const [lo, hi, loOp, hiOp] = ascending ? [r.sides[0], r.sides[2], o1, o2] : [r.sides[2], r.sides[0], o2, o1];
    return { kind: 'bracketed', open: strict(loOp) ? '(' : '[', close: strict(hiOp) ? ')' : ']', items: [bound(lo), bound(hi)] };
  }
  if (r.ops.length !== 1) return null;
  let [left, right] = r.sides;
  let op = r.ops[0];
  if (!isVariable(left) && isVariable(right)) {
    [left, right] = [right, left];
    op = ({ '<': '>', '>': '<', '\\leq': '\\geq', '\\geq': '\\leq' } as Record<string, string>)[op] ?? op;
  }
  if (!isVariable(left)) return null;
  if (op === '<' || op === '\\leq')
    return { kind: 'bracketed', open: '(', close: strict(op) ? ')' : ']', items: [bound('-\\infty'), bound(right)] };
  if (op === '>' || op === '\\geq')
    return { kind: 'bracketed', open: strict(op) ? '(' : '[', close: ')', items: [bound(right), bound('\\infty')] };
  return null;
}
