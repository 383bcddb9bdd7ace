// A small numeric evaluator of the engine's canonical MathJSON at a point: microseconds where the
// engine's own `subs(...).N()` takes milliseconds, so identity checks between the many distinct answers
// of a vote stay cheap. Anything it does not know is `undefined`, and the caller asks the engine.

type Json = unknown;
const UNARY: Record<string, (x: number) => number> = {
  Negate: (x) => -x,
  Sqrt: Math.sqrt,
  Abs: Math.abs,
  Exp: Math.exp,
  Ln: Math.log,
  Sin: Math.sin,
  Cos: Math.cos,
  Tan: Math.tan,
  Sec: (x) => 1 / Math.cos(x),
  Csc: (x) => 1 / Math.sin(x),
  Cot: (x) => 1 / Math.tan(x),
  Arcsin: Math.asin,
  Arccos: Math.acos,
  Arctan: Math.atan,
  Sinh: Math.sinh,
  Cosh: Math.cosh,
  Tanh: Math.tanh,
  Floor: Math.floor,
  Ceil: Math.ceil,
};
const CONSTANTS: Record<string, number> = { Pi: Math.PI, ExponentialE: Math.E };

/** The value at `point`; NaN where the expression is undefined there; `undefined` for what is not known. */
export function evaluateJson(json: Json, point: Readonly<Record<string, number>>): number | undefined {
  if (typeof json === 'number') return json;
  if (typeof json === 'string') return point[json] ?? CONSTANTS[json];
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const num = (json as { num?: unknown }).num;
    return typeof num === 'string' ? Number(num.replace(/[()]/g, '')) : undefined;
  }
  if (!Array.isArray(json) || typeof json[0] !== 'string') return undefined;
  const [op, ...args] = json as [string, ...Json[]];
  const values: number[] = [];
  for (const arg of args) {
    const v = evaluateJson(arg, point);
    if (v === undefined) return undefined;
    values.push(v);
  }
  const unary = UNARY[op];
  if (unary && values.length === 1) return unary(values[0]);
  switch (op) {
    case 'Add':
      return values.reduce((a, b) => a + b, 0);
    case 'Subtract':
      return values.length === 2 ? values[0] - values[1] : undefined;
    case 'Multiply':
      return values.reduce((a, b) => a * b, 1);
    case 'Divide':
    case 'Rational':
      return values.length === 2 ? values[0] / values[1] : undefined;
    case 'Power':
      return values.length === 2 ? Math.pow(values[0], values[1]) : undefined;
    case 'Root':
      return values.length === 2 ? realRoot(values[0], values[1]) : undefined;
    case 'Log':
      return values.length === 1 ? Math.log10(values[0]) : values.length === 2 ? Math.log(values[0]) / Math.log(values[1]) : undefined;
    default:
      return undefined;
  }
}

/** The real n-th root (negative radicands have one for odd n). */
function realRoot(x: number, n: number): number {
  if (x < 0 && Number.isInteger(n) && n % 2 === 1) return -Math.pow(-x, 1 / n);
  return Math.pow(x, 1 / n);
}
