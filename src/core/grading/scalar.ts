// Equality of two scalar answers: exact plain numbers first, then the CAS (numeric value for
// constants, identity for expressions with variables). Percent answers also match their fraction.
import type { Answer } from './structure';
import type { WorkBudget } from './workBudget';
import { casIdentical, casParse, closeEnough } from './cas';
import { parsePlainNumber, rationalToNumber, type Rational } from './numbers';
import { parseBaseLiteral } from './numbers-base';

type Scalar = Extract<Answer, { kind: 'expr' }>;

export function scalarsEqual(a: Scalar, b: Scalar, budget: WorkBudget): boolean {
  if (a.percent !== b.percent) {
    const [pct, other] = a.percent ? [a, b] : [b, a];
    // "10\%" matches both 10 and 0.1
    return latexEqual(pct.latex, other.latex, budget) || latexEqual(`\\frac{${pct.latex}}{100}`, other.latex, budget);
  }
  return latexEqual(a.latex, b.latex, budget);
}

/** A decimal with digits after the point is a rounded value: it may match within tolerance. */
function isRounded(latex: string): boolean {
  return /\d\.\d/.test(latex) || /(^|[^\d])\.\d/.test(latex);
}

function sameRational(x: Rational, y: Rational): boolean {
  return x.num === y.num && x.den === y.den;
}

export function latexEqual(a: string, b: string, budget: WorkBudget): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase()) return true;
  const x = parsePlainNumber(a) ?? baseLiteral(a);
  const y = parsePlainNumber(b) ?? baseLiteral(b);
  if (x && y) {
    if (sameRational(x, y)) return true;
    return (isRounded(a) || isRounded(b)) && closeEnough(rationalToNumber(x), rationalToNumber(y));
  }
  const p = casParse(a, budget);
  const q = casParse(b, budget);
  if (!p || !q) return false;
  if (p.value !== null && q.value !== null) {
    // Exact forms must agree exactly up to float noise; a rounded decimal gets the grader's tolerance.
    const rounded = isRounded(a) || isRounded(b);
    return rounded ? closeEnough(p.value, q.value) : closeEnough(p.value, q.value, 1e-12);
  }
  return casIdentical(p, q, budget);
}

function baseLiteral(latex: string): Rational | null {
  const value = parseBaseLiteral(latex);
  return value === null ? null : { num: value, den: 1n };
}
