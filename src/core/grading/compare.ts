// Equality of two answer shapes: structure by structure, scalars through the CAS.
import type { Answer } from './structure';
import type { Deadline } from './deadline';
import { scalarsEqual } from './scalar';
import { evaluateMatrixExpression } from './cas';
import { relationsEqual, relationAsInterval } from './relations';

export function answersMatch(a: Answer, b: Answer, deadline: Deadline): boolean {
  deadline.check();
  if (a.kind === 'relation' && a.value && b.kind !== 'relation') return answersMatch(a.value, b, deadline);
  if (b.kind === 'relation' && b.value && a.kind !== 'relation') return answersMatch(a, b.value, deadline);
  if (a.kind === 'collection' && b.kind !== 'collection') return collectionVsSingle(a, b, deadline);
  if (b.kind === 'collection' && a.kind !== 'collection') return collectionVsSingle(b, a, deadline);
  if (a.kind === 'relation' && b.kind !== 'relation') return relationVsOther(a, b, deadline);
  if (b.kind === 'relation' && a.kind !== 'relation') return relationVsOther(b, a, deadline);
  switch (a.kind) {
    case 'expr':
      if (b.kind === 'expr') return scalarsEqual(a, b, deadline);
      if (b.kind === 'text') return a.latex.toLowerCase() === b.text;
      return b.kind === 'matrix' ? vectorMatches(b, a, deadline) || matrixArithmeticMatches(b, a.latex, deadline) : false;
    case 'text':
      if (b.kind === 'text') return a.text === b.text;
      return b.kind === 'expr' && b.latex.toLowerCase() === a.text;
    case 'bracketed':
      if (b.kind === 'matrix') return vectorMatches(b, a, deadline);
      return (
        b.kind === 'bracketed' &&
        a.open === b.open &&
        a.close === b.close &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => answersMatch(item, b.items[i], deadline))
      );
    case 'collection':
      return b.kind === 'collection' && sameSet(a.items, b.items, deadline);
    case 'union':
      return b.kind === 'union' && sameSet(a.parts, b.parts, deadline);
    case 'matrix':
      if (b.kind === 'expr') return vectorMatches(a, b, deadline) || matrixArithmeticMatches(a, b.latex, deadline);
      if (b.kind === 'bracketed') return vectorMatches(a, b, deadline);
      return (
        b.kind === 'matrix' &&
        a.rows.length === b.rows.length &&
        a.rows.every((row, i) => row.length === b.rows[i].length && row.every((cell, j) => answersMatch(cell, b.rows[i][j], deadline)))
      );
    case 'relation':
      if (b.kind !== 'relation') return false;
      if (a.value && b.value && answersMatch(a.value, b.value, deadline)) return true;
      return relationsEqual(a, b, deadline);
  }
}

/** Set semantics: every item of each side matches some item of the other (duplicates collapse). */
function sameSet(left: Answer[], right: Answer[], deadline: Deadline): boolean {
  const covered = (xs: Answer[], ys: Answer[]) => xs.every((x) => ys.some((y) => answersMatch(x, y, deadline)));
  return covered(left, right) && covered(right, left);
}

function collectionVsSingle(list: Extract<Answer, { kind: 'collection' }>, other: Answer, deadline: Deadline): boolean {
  // `1,5` next to a single number may be a decimal comma (1.5).
  if (list.decimalComma && other.kind === 'expr') {
    return scalarsEqual({ kind: 'expr', latex: list.decimalComma, percent: false }, other, deadline);
  }
  return list.items.length > 0 && list.items.every((item) => answersMatch(item, other, deadline));
}

function relationVsOther(rel: Extract<Answer, { kind: 'relation' }>, other: Answer, deadline: Deadline): boolean {
  if (other.kind !== 'bracketed' && other.kind !== 'union') return false;
  const interval = relationAsInterval(rel);
  return interval !== null && answersMatch(interval, other, deadline);
}

/** A one-column (or one-row) matrix is a vector: it matches a tuple or a single entry of the same values. */
function vectorMatches(matrix: Extract<Answer, { kind: 'matrix' }>, other: Answer, deadline: Deadline): boolean {
  const column = matrix.rows.every((r) => r.length === 1) ? matrix.rows.map((r) => r[0]) : matrix.rows.length === 1 ? matrix.rows[0] : null;
  if (!column) return false;
  if (other.kind === 'bracketed') return other.open === '(' && other.items.length === column.length && column.every((c, i) => answersMatch(c, other.items[i], deadline));
  return column.length === 1 && answersMatch(column[0], other, deadline);
}

/** `\begin{pmatrix}..\end{pmatrix} + \begin{pmatrix}..\end{pmatrix}` evaluated, against a written matrix. */
function matrixArithmeticMatches(matrix: Extract<Answer, { kind: 'matrix' }>, latex: string, deadline: Deadline): boolean {
  const rows = evaluateMatrixExpression(latex, deadline);
  if (!rows || rows.length !== matrix.rows.length) return false;
  return matrix.rows.every(
    (row, i) => row.length === rows[i].length && row.every((cell, j) => answersMatch(cell, { kind: 'expr', latex: String(rows[i][j]), percent: false }, deadline)),
  );
}
