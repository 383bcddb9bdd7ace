// Strategy variants: a strategy with some of its parameters fixed, written `beam:width=16` or
// `lookahead:width=4:k=3`, and a grid shorthand `beam:width=2|4|16` for one variant per value. A variant's
// label is its column everywhere a strategy name is (results lines, summary.json, report, plots, cache
// keys, calibrate's choices); a bare name is today's strategy with its defaults. Values are checked
// against the strategy's own parameter schema (STRATEGIES[name].parameters), worded as policy files are.
// The eval runs every variant through the engine (SolveRequest.params), once per budget, even a pool
// strategy's: the shared sample pool serves only bare majority, best-of-n and weighted-best-of-n.
import { isStrategyChoice, STRATEGY_NAMES, type StrategyChoice, type StrategyName } from '../shared/strategies';
import { describeParamIssue } from '../core/strategies/params';
import { STRATEGIES } from '../core/strategies/registry';
import type { StrategyParams } from '../core/strategies/types';

export interface StrategyVariant {
  /** `beam:width=16` (parameters in the schema's order), or the bare name without parameters. */
  label: string;
  strategy: StrategyChoice;
  /** As written (no defaults filled in): the strategy plans with its defaults for the rest. */
  params: StrategyParams;
}

/** A routable variant: a named strategy, not `auto`. */
export type NamedVariant = StrategyVariant & { strategy: StrategyName };

const SPEC_HELP = 'write NAME or NAME:key=value[:key=value...], e.g. beam:width=16 or lookahead:width=4:k=3';

/** `true`/`false` as booleans, numerals as numbers, anything else as text; the schema then says what fits. */
function scalar(text: string): number | string | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** The canonical label: parameters in the order the strategy's schema declares them. */
function labelOf(strategy: StrategyChoice, params: StrategyParams): string {
  if (strategy === 'auto' || Object.keys(params).length === 0) return strategy;
  const order = Object.keys(STRATEGIES[strategy].parameters.shape);
  const keys = Object.keys(params).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [strategy, ...keys.map((k) => `${k}=${String(params[k])}`)].join(':');
}

/** Name and `key -> values` pairs of a spec; several values (`a|b`) only when `grid`. */
function split(spec: string, grid: boolean): { strategy: StrategyChoice; pairs: [string, string[]][] } {
  const [name, ...parts] = spec.trim().split(':');
  if (!isStrategyChoice(name)) throw new Error(`unknown strategy '${name}' in '${spec}'; use ${STRATEGY_NAMES.join(', ')} or auto`);
  if (name === 'auto' && parts.length)
    throw new Error(`'${spec}': auto takes no parameters (the router takes each route's parameters from the policy file's rows)`);
  const pairs = parts.map((part): [string, string[]] => {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw new Error(`'${spec}': '${part}' is not key=value; ${SPEC_HELP}`);
    const values = part.slice(eq + 1).split('|');
    if (values.length > 1 && !grid) throw new Error(`'${spec}': one value per parameter here (a|b lists are for --strategies)`);
    if (values.some((v) => v === '')) throw new Error(`'${spec}': empty value in '${part}'; ${SPEC_HELP}`);
    return [part.slice(0, eq), values];
  });
  const keys = pairs.map(([k]) => k);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated) throw new Error(`'${spec}': ${repeated} is given twice`);
  return { strategy: name, pairs };
}

/** Checks the parameters against the strategy's schema; the error names the spec, each bad key and what it accepts. */
function checked(spec: string, strategy: StrategyChoice, params: StrategyParams): StrategyVariant {
  if (strategy !== 'auto') {
    const schema = STRATEGIES[strategy].parameters;
    const result = schema.safeParse(params);
    if (!result.success)
      throw new Error(`'${spec}': ${result.error.issues.map((issue) => describeParamIssue(strategy, schema, issue, params)).join('; ')}`);
  }
  return { label: labelOf(strategy, params), strategy, params };
}

/** One variant: `beam`, `beam:width=16`; throws a message that says what to change. */
export function parseVariant(spec: string): StrategyVariant {
  const { strategy, pairs } = split(spec, false);
  return checked(spec, strategy, Object.fromEntries(pairs.map(([k, [v]]) => [k, scalar(v)])));
}

/** A routable variant from a results line's label: throws for `auto` or a label that does not parse. */
export function namedVariant(label: string): NamedVariant {
  const variant = parseVariant(label);
  if (variant.strategy === 'auto') throw new Error(`'${label}' is the router itself, not a strategy it can choose`);
  return variant as NamedVariant;
}

/** A spec with `a|b` value lists, as one variant per combination (`lookahead:width=2|4:k=1|3`: four). */
export function expandVariants(spec: string): StrategyVariant[] {
  const { strategy, pairs } = split(spec, true);
  let combos: StrategyParams[] = [{}];
  for (const [key, values] of pairs) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: scalar(v) })));
  return combos.map((params) => checked(spec, strategy, params));
}

/** A comma-separated list of specs (`--strategies`), expanded and without repeats (by label), in order. */
export function parseVariantList(text: string): StrategyVariant[] {
  const specs = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const byLabel = new Map<string, StrategyVariant>();
  for (const variant of specs.flatMap(expandVariants)) if (!byLabel.has(variant.label)) byLabel.set(variant.label, variant);
  return [...byLabel.values()];
}
