// Numbers written in another base with a subscript: `204_5`, `1112112_{3}`, `FF_{16}`.

/** The value of a base-n literal (bases 2 to 36), or null when the text is not one. */
export function parseBaseLiteral(latex: string): bigint | null {
  const m = /^([0-9A-Za-z]{1,64})_\{?\s*(\d{1,2})\s*\}?$/.exec(latex.replace(/\\text\{([^{}]*)\}/g, '$1').trim());
  if (!m) return null;
  const base = Number(m[2]);
  if (base < 2 || base > 36) return null;
  let value = 0n;
  for (const ch of m[1].toLowerCase()) {
    const digit = parseInt(ch, 36);
    if (Number.isNaN(digit) || digit >= base) return null;
    value = value * BigInt(base) + BigInt(digit);
  }
  return value;
}
