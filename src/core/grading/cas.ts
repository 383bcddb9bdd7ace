// The mathematics, through @cortex-js/compute-engine: parse a scalar LaTeX expression once (cached),
// evaluate it numerically, and test two expressions for identity. Inputs the engine could choke on
// (huge, deeply nested, towers of exponents, giant factorials) never reach it. Every engine call is
// deterministic: charged to the caller's work budget, given the engine's own step budget, and fed a
// seeded random stream (the engine proves identities by sampling random points).
import { ComputeEngine } from '@cortex-js/compute-engine';
import { GradingExhausted, type WorkBudget } from './workBudget';
import { nestingDepth } from './latex-scan';
import { evaluateJson } from './numericEval';
import { hash32, mulberry32 } from '../../shared/seededRandom';

type Expression = NonNullable<ReturnType<ComputeEngine['parse']>>;

export interface CasValue {
  expr: Expression;
  /** Free variables, sorted. */
  variables: string[];
  /** The numeric value when there are no free variables and it is finite and real; else null. */
  value: number | null;
  /** Contains a sum, product, integral or limit: only structural comparison is trusted. */
  bound: boolean;
  /** Values at the fixed sample points (computed on first use; null when `evaluateJson` cannot). */
  samples?: number[] | null;
}

const MAX_CAS_CHARS = 400;
const MAX_CAS_DEPTH = 12;
const CACHE_LIMIT = 5000;
/** The engine's own step budget for one call (its internal searches count steps; see its `_withBudget`). */
const ENGINE_STEPS = 20_000;
/**
 * A guard against a hang in engine code that counts no steps: far above what any input that passes
 * `casSafe` costs on a busy machine (the slowest seen idle is ~60 ms), so it never decides a verdict.
 */
const HANG_GUARD_MS = 5_000;
/** Work units of a parse: one, plus one per 32 characters. */
const parseCost = (latex: string) => 1 + Math.ceil(latex.length / 32);
const IDENTITY_COST = 4;
const SAMPLE_COST = 1;

const SAMPLE_POINTS = [0.7213, -1.3179, 2.4567, 0.3141, -0.5772, 1.6487];

/** The k-th fixed sample point: each variable (by its index in the sorted list) gets its own value. */
export function samplePoint(variables: readonly string[], k: number): Record<string, number> {
  const point: Record<string, number> = {};
  variables.forEach((v, i) => (point[v] = SAMPLE_POINTS[(i + k) % SAMPLE_POINTS.length] * (1 + 0.37 * k)));
  return point;
}

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
export function casParse(latex: string, budget: WorkBudget): CasValue | null {
  if (!casSafe(latex)) return null;
  budget.spendOnce(latex, parseCost(latex));
  const cached = cache.get(latex);
  if (cached !== undefined) return cached;
  const result = guarded(latex, () => {
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

interface EngineInternals {
  _withBudget<T>(limit: { ms?: number; steps?: number; label?: string }, fn: () => T): T;
}

/**
 * Runs engine work with a random stream seeded from `seedText` (the same inputs sample the same points),
 * the engine's step budget and the hang guard; an engine error is "no answer" (null).
 */
function guarded<T>(seedText: string, fn: () => T | null): T | null {
  const consoleError = console.error;
  console.error = () => undefined; // the engine logs canonicalisation failures of untrusted input to stderr
  const engine = ce();
  const random = mulberry32(hash32(seedText));
  try {
    return engine.withEffects({ entropy: { random } }, () =>
      (engine as unknown as EngineInternals)._withBudget({ steps: ENGINE_STEPS, ms: HANG_GUARD_MS, label: 'ponder-grading' }, () => ({
        result: fn(),
      })),
    ).result;
  } catch (err) {
    if (err instanceof Error && /timeout|time limit|deadline/i.test(`${err.message} ${String(err.cause)}`)) {
      // A spent step budget is deterministic; so is the guard in practice (see HANG_GUARD_MS).
      throw new GradingExhausted(/step/i.test(err.message) ? 'budget' : 'hang-guard');
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
export function casIdentical(a: CasValue, b: CasValue, budget: WorkBudget): boolean {
  if (a.expr.isSame(b.expr)) return true;
  if (a.bound || b.bound) return false;
  if (a.variables.join() !== b.variables.join()) return false;
  if (a.variables.length === 0) return a.value !== null && b.value !== null && closeEnough(a.value, b.value);
  budget.spend(SAMPLE_COST);
  const sampled = compareSamples(a, b);
  if (sampled !== undefined) return sampled;
  budget.spend(IDENTITY_COST);
  return guarded(`${a.expr.toString()}\u0000${b.expr.toString()}`, () => a.expr.isIdenticallyEqual(b.expr) === true) === true;
}

/**
 * Identity by evaluation at fixed points (what the engine does at random ones, but cheap and the same
 * on every run): a disagreement where both are defined refutes it, agreement at three points proves it;
 * undefined when the evaluator cannot tell.
 */
function compareSamples(a: CasValue, b: CasValue): boolean | undefined {
  const sa = samplesOf(a);
  const sb = samplesOf(b);
  if (!sa || !sb) return undefined;
  let agreeing = 0;
  for (let k = 0; k < sa.length; k++) {
    if (!Number.isFinite(sa[k]) || !Number.isFinite(sb[k])) continue;
    if (!closeEnough(sa[k], sb[k], 1e-9)) return false;
    agreeing++;
  }
  return agreeing >= 3 ? true : undefined;
}

function samplesOf(v: CasValue): number[] | null {
  if (v.samples === undefined) {
    const json = v.expr.json;
    const values = SAMPLE_POINTS.map((_, k) => evaluateJson(json, samplePoint(v.variables, k)));
    v.samples = values.every((x): x is number => x !== undefined) ? values : null;
  }
  return v.samples;
}

/** Numeric values of `exprs` at one assignment of their free variables (null where undefined). */
export function evaluateAt(exprs: CasValue[], point: Record<string, number>, budget: WorkBudget): (number | null)[] | null {
  budget.spend(exprs.length);
  const fast = exprs.map((e) => evaluateJson(e.expr.json, point));
  if (fast.every((v): v is number => v !== undefined)) return fast.map((v) => (Number.isFinite(v) ? v : null));
  return guarded(JSON.stringify(point), () =>
    exprs.map((e) => {
      const v = e.expr.subs(point).N();
      return Number.isFinite(v.re) && (v.im === 0 || Number.isNaN(v.im)) ? v.re : null;
    }),
  );
}

/** The difference `left - right` as one expression (for equations and inequalities). */
export function casDifference(left: string, right: string, budget: WorkBudget): CasValue | null {
  return casParse(`(${left})-(${right})`, budget);
}

/**
 * The value of matrix arithmetic such as `A + B` or `A B` with numeric matrices, as rows of numbers;
 * null when it is not that.
 */
export function evaluateMatrixExpression(latex: string, budget: WorkBudget): number[][] | null {
  if (latex.length > 600 || (latex.match(/\\begin\{[pbvBV]?matrix\}/g) ?? []).length < 2 || /\^/.test(latex)) return null;
  budget.spend(parseCost(latex) + IDENTITY_COST);
  return guarded(latex, () => {
    const value: unknown = ce().parse(latex).evaluate().json;
    if (!Array.isArray(value) || value[0] !== 'List') return null;
    const rows = value
      .slice(1)
      .map((row: unknown) =>
        Array.isArray(row) && row[0] === 'List' ? row.slice(1).map((x: unknown) => (typeof x === 'number' ? x : NaN)) : [NaN],
      );
    return rows.every((r) => r.every(Number.isFinite)) ? rows : null;
  });
}

/** Forgets cached parses (benchmarks measure cold grouping with it). */
export function clearCasCache(): void {
  cache.clear();
}
