// Exact reading of plain numbers (integers, decimals, fractions, mixed numbers) without the CAS:
// the fast path for the common answers, and the basis of cheap grouping keys.

/** A rational p/q with q > 0, as bigints, in lowest terms. */
export interface Rational {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint): Rational | null {
  if (den === 0n) return null;
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

const MAX_DIGITS = 60;

function decimal(text: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3]) || text.length > MAX_DIGITS) return null;
  const frac = m[3] ?? '';
  const r = rational(BigInt((m[2] || '0') + frac), 10n ** BigInt(frac.length));
  return r && m[1] === '-' ? { num: -r.num, den: r.den } : r;
}

/**
 * Reads `12`, `-0.5`, `.4`, `3/4`, `\frac{3}{4}`, `-\frac{10}{9}`, `2\frac{1}{2}` and `7 3/4` (mixed
 * numbers), or returns null for anything else.
 */
export function parsePlainNumber(latex: string): Rational | null {
  if (latex.length > 4 * MAX_DIGITS) return null;
  const s = latex.replace(/\s+/g, ' ').trim();
  const plain = decimal(s.replace(/ /g, ''));
  if (plain) return plain;
  const frac = /^([+-]?)\s?(?:(\d+)\s?)?(?:\\frac\{\s*(\d+(?:\.\d+)?)\s*\}\{\s*(\d+(?:\.\d+)?)\s*\}|(\d+)\s?\/\s?(\d+))$/.exec(s);
  if (!frac) return null;
  const [, sign, whole, fn, fd, sn, sd] = frac;
  if (whole && sn && !/\d \d/.test(s)) return null; // `73/4` is not a mixed number
  const n = decimal(fn ?? sn);
  const d = decimal(fd ?? sd);
  if (!n || !d || d.num === 0n) return null;
  let r = rational(n.num * d.den, n.den * d.num);
  if (!r) return null;
  if (whole) r = rational(BigInt(whole) * r.den + r.num, r.den);
  if (!r) return null;
  return sign === '-' ? { num: -r.num, den: r.den } : r;
}

export function rationalKey(r: Rational): string {
  return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
}

export function rationalToNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}
