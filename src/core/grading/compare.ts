// Equality of two answer shapes: structure by structure, scalars through the CAS.
import type { Answer } from './structure';
import type { WorkBudget } from './workBudget';
import { scalarsEqual } from './scalar';
import { evaluateMatrixExpression } from './cas';
import { relationsEqual, relationAsInterval } from './relations';

export function answersMatch(a: Answer, b: Answer, budget: WorkBudget): boolean {
  if (a.kind === 'relation' && a.value && b.kind !== 'relation') return answersMatch(a.value, b, budget);
  if (b.kind === 'relation' && b.value && a.kind !== 'relation') return answersMatch(a, b.value, budget);
  if (a.kind === 'collection' && b.kind !== 'collection') return collectionVsSingle(a, b, budget);
  if (b.kind === 'collection' && a.kind !== 'collection') return collectionVsSingle(b, a, budget);
  if (a.kind === 'relation' && b.kind !== 'relation') return relationVsOther(a, b, budget);
  if (b.kind === 'relation' && a.kind !== 'relation') return relationVsOther(b, a, budget);
  switch (a.kind) {
    case 'expr':
      if (b.kind === 'expr') return scalarsEqual(a, b, budget);
      if (b.kind === 'text') return a.latex.toLowerCase() === b.text;
      return b.kind === 'matrix' ? vectorMatches(b, a, budget) || matrixArithmeticMatches(b, a.latex, budget) : false;
    case 'text':
      if (b.kind === 'text') return a.text === b.text;
      return b.kind === 'expr' && b.latex.toLowerCase() === a.text;
    case 'bracketed':
      if (b.kind === 'matrix') return vectorMatches(b, a, budget);
      return (
        b.kind === 'bracketed' &&
        a.open === b.open &&
        a.close === b.close &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => answersMatch(item, b.items[i], budget))
      );
    case 'collection':
      return b.kind === 'collection' && sameSet(a.items, b.items, budget);
    case 'union':
      return b.kind === 'union' && sameSet(a.parts, b.parts, budget);
    case 'matrix':
      if (b.kind === 'expr') return vectorMatches(a, b, budget) || matrixArithmeticMatches(a, b.latex, budget);
      if (b.kind === 'bracketed') return vectorMatches(a, b, budget);
      return (
        b.kind === 'matrix' &&
        a.rows.length === b.rows.length &&
        a.rows.every((row, i) => row.length === b.rows[i].length && row.every((cell, j) => answersMatch(cell, b.rows[i][j], budget)))
      );
    case 'relation':
      if (b.kind !== 'relation') return false;
      if (a.value && b.value && answersMatch(a.value, b.value, budget)) return true;
      return relationsEqual(a, b, budget);
  }
}

/** Set semantics: every item of each side matches some item of the other (duplicates collapse). */
function sameSet(left: Answer[], right: Answer[], budget: WorkBudget): boolean {
  const covered = (xs: Answer[], ys: Answer[]) => xs.every((x) => ys.some((y) => answersMatch(x, y, budget)));
  return covered(left, right) && covered(right, left);
}

function collectionVsSingle(list: Extract<Answer, { kind: 'collection' }>, other: Answer, budget: WorkBudget): boolean {
  // `1,5` next to a single number may be a decimal comma (1.5).
  if (list.decimalComma && other.kind === 'expr') {
    return scalarsEqual({ kind: 'expr', latex: list.decimalComma, percent: false }, other, budget);
  }
  return list.items.length > 0 && list.items.every((item) => answersMatch(item, other, budget));
}

function relationVsOther(rel: Extract<Answer, { kind: 'relation' }>, other: Answer, budget: WorkBudget): boolean {
  if (other.kind !== 'bracketed' && other.kind !== 'union') return false;
  const interval = relationAsInterval(rel);
  return interval !== null && answersMatch(interval, other, budget);
}

/** A one-column (or one-row) matrix is a vector: it matches a tuple or a single entry of the same values. */
function vectorMatches(matrix: Extract<Answer, { kind: 'matrix' }>, other: Answer, budget: WorkBudget): boolean {
  const column = matrix.rows.every((r) => r.length === 1) ? matrix.rows.map((r) => r[0]) : matrix.rows.length === 1 ? matrix.rows[0] : null;
  if (!column) return false;
  if (other.kind === 'bracketed')
    return other.open === '(' && other.items.length === column.length && column.every((c, i) => answersMatch(c, other.items[i], budget));
  return column.length === 1 && answersMatch(column[0], other, budget);
}

/** `\begin{pmatrix}..\end{pmatrix} + \begin{pmatrix}..\end{pmatrix}` evaluated, against a written matrix. */
function matrixArithmeticMatches(matrix: Extract<Answer, { kind: 'matrix' }>, latex: string, budget: WorkBudget): boolean {
  const rows = evaluateMatrixExpression(latex, budget);
  if (!rows || rows.length !== matrix.rows.length) return false;
  return matrix.rows.every(
    (row, i) =>
      row.length === rows[i].length &&
      row.every((cell, j) => answersMatch(cell, { kind: 'expr', latex: String(rows[i][j]), percent: false }, budget)),
  );
}
