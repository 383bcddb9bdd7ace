// The mathematics, through @cortex-js/compute-engine: parse a scalar LaTeX expression once (cached),
// evaluate it numerically, and test two expressions for identity. Inputs the engine could choke on
// (huge, deeply nested, towers of exponents, giant factorials) never reach it.
import { ComputeEngine } from '@cortex-js/compute-engine';
import type { Deadline } from './deadline';
import { GradingTimeout } from './deadline';
import { nestingDepth } from './latex-scan';

type Expression = NonNullable<ReturnType<ComputeEngine['parse']>>;

export interface CasValue {
  expr: Expression;
  /** Free variables, sorted. */
  variables: string[];
  /** The numeric value when there are no free variables and it is finite and real; else null. */
  value: number | null;
  /** Contains a sum, product, integral or limit: only structural comparison is trusted. */
  bound: boolean;
}

const MAX_CAS_CHARS = 400;
const MAX_CAS_DEPTH = 12;
const CACHE_LIMIT = 5000;

let engine: ComputeEngine | null = null;
const cache = new Map<string, CasValue | null>();

function ce(): ComputeEngine {
  if (!engine) {
    engine = new ComputeEngine();
    engine.tolerance = 1e-10;
    engine.parse('\\frac{x+1}{2}').N(); // the first parse loads the LaTeX dictionaries
  }
  return engine;
}

/** Whether this LaTeX is safe to hand to the CAS at all. */
export function casSafe(latex: string): boolean {
  if (latex.length > MAX_CAS_CHARS || nestingDepth(latex) > MAX_CAS_DEPTH) return false;
  if (/\^\s*\{[^{}]*\^/.test(latex) || /\^\s*\{?\s*\d{4,}/.test(latex)) return false; // towers and huge powers
  if (/\d{7,}\s*!|\d{4,}\s*!|!\s*!/.test(latex)) return false; // giant factorials
  if (/\d{80,}/.test(latex)) return false;
  return !/\\(?:begin|end|text|hline|array)/.test(latex);
}

function isError(expr: Expression): boolean {
  return JSON.stringify(expr.json).includes('"Error"');
}

const BOUND_OPERATORS = /"(?:Sum|Product|Integrate|Limit|D|Derivative)"/;

/** Parses (and caches) a scalar expression; null when it is not valid mathematics for the engine. */
export function casParse(latex: string, deadline: Deadline): CasValue | null {
  const cached = cache.get(latex);
  if (cached !== undefined) return cached;
  deadline.check();
  if (!casSafe(latex)) return null;
  if (!engine) deadline.excluding(ce);
  const result = withLimit(deadline, () => {
    const expr = ce().parse(latex);
    if (!expr || !expr.isValid || isError(expr)) return null;
    const json = JSON.stringify(expr.json);
    const variables = [...expr.freeVariables].sort();
    const bound = BOUND_OPERATORS.test(json);
    let value: number | null = null;
    if (variables.length === 0 && !bound) {
      const n = expr.N();
      const re = n.re;
      const im = n.im;
      if (Number.isFinite(re) && (im === 0 || Number.isNaN(im) || im === undefined)) value = re;
    }
    return { expr, variables, value, bound };
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(latex, result);
  return result;
}

/** Runs engine work under what is left of the deadline; an engine error is "no answer" (null). */
function withLimit<T>(deadline: Deadline, fn: () => T | null): T | null {
  const ms = Math.floor(deadline.remaining());
  if (ms <= 0) throw new GradingTimeout();
  const consoleError = console.error;
  console.error = () => undefined; // the engine logs canonicalisation failures of untrusted input to stderr
  try {
    return ce().withTimeLimit(ms, () => ({ result: fn() })).result;
  } catch (err) {
    if (deadline.remaining() <= 0 || (err instanceof Error && /timeout|time limit|deadline/i.test(err.message))) {
      throw new GradingTimeout();
    }
    return null;
  } finally {
    console.error = consoleError;
  }
}

/** Relative comparison of two numbers at the grader's tolerance (absolute near zero). */
export function closeEnough(a: number, b: number, relative = 1e-7): boolean {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= Math.max(relative * scale, 1e-12);
}

/** Whether two parsed expressions are identical for every value of their free variables. */
export function casIdentical(a: CasValue, b: CasValue, deadline: Deadline): boolean {
  if (a.expr.isSame(b.expr)) return true;
  if (a.bound || b.bound) return false;
  if (a.variables.join() !== b.variables.join()) return false;
  if (a.variables.length === 0) return a.value !== null && b.value !== null && closeEnough(a.value, b.value);
  return withLimit(deadline, () => a.expr.isIdenticallyEqual(b.expr) === true) === true;
}

/** Numeric values of `exprs` at one assignment of their free variables (null where undefined). */
export function evaluateAt(
  exprs: CasValue[],
  point: Record<string, number>,
  deadline: Deadline,
): (number | null)[] | null {
  return withLimit(deadline, () =>
    exprs.map((e) => {
      const v = e.expr.subs(point).N();
      return Number.isFinite(v.re) && (v.im === 0 || Number.isNaN(v.im)) ? v.re : null;
    }),
  );
}

/** The difference `left - right` as one expression (for equations and inequalities). */
export function casDifference(left: string, right: string, deadline: Deadline): CasValue | null {
  return casParse(`(${left})-(${right})`, deadline);
}

/**
 * The value of matrix arithmetic such as `A + B` or `A B` with numeric matrices, as rows of numbers;
 * null when it is not that.
 */
export function evaluateMatrixExpression(latex: string, deadline: Deadline): number[][] | null {
  if (latex.length > 600 || (latex.match(/\\begin\{[pbvBV]?matrix\}/g) ?? []).length < 2 || /\^/.test(latex)) return null;
  return withLimit(deadline, () => {
    const value: unknown = ce().parse(latex).evaluate().json;
    if (!Array.isArray(value) || value[0] !== 'List') return null;
    const rows = value.slice(1).map((row: unknown) =>
      Array.isArray(row) && row[0] === 'List' ? row.slice(1).map((x: unknown) => (typeof x === 'number' ? x : NaN)) : [NaN],
    );
    return rows.every((r) => r.every(Number.isFinite)) ? rows : null;
  });
}

/** Forgets cached parses (benchmarks measure cold grouping with it). */
export function clearCasCache(): void {
  cache.clear();
}
