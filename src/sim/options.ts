// The options of `ponder sim`: one table gives each flag's type, default and help line, so the
// parser, `--help` and the documentation cannot drift apart.
import { SERVER_NAMES } from './emulate/types';
import { THINKING_MODES, type ThinkingMode } from './thinking';

export interface SimOptions {
  port: number;
  host: string;
  seed: number;
  /** JSONL of {problem, answer, level} known to the behaviour model. */
  problems: string | null;
  /** JSONL of recorded completions (and optionally scores) to replay. */
  replay: string | null;
  /** With --replay: serve only what was recorded, refuse anything else (docs/replay.md). */
  strict: boolean;
  /** With --strict: each series' recordings in a seeded random order rather than file order. */
  shuffle: boolean;
  ttftMs: number;
  /** Per sequence; 0 = unbounded (no delay). */
  tokensPerSecond: number;
  /** Concurrent sequences; 0 = unbounded. */
  capacity: number;
  failRate: number;
  rateLimitRate: number;
  stallRate: number;
  stallMs: number;
  truncateRate: number;
  malformedRate: number;
  /** Shifts every problem's log-odds of a correct solution (0 = the documented defaults). */
  skill: number;
  /** The behaviour profile: a built-in name or a JSON path; null: the fitted default (src/sim/profiles). */
  profile: string | null;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Imitate a real server's observable behaviour (docs/servers.md); null: the simulator's own. */
  emulate: string | null;
  /** A real chat template (file name in ../shared/data/chat-templates without .jinja, or a path). */
  chatTemplate: string | null;
  /** llama.cpp's slot count (--emulate llamacpp): n above it is a 400. */
  parallel: number;
  /** --emulate llamacpp as released before n > 1 worked: any n > 1 is HTTP 500. */
  llamacppLegacyN: boolean;
  /** The version an emulated server reports (Ollama: also decides logprobs support). */
  serverVersion: string | null;
  /** The policy reasons before it answers, returning its thinking in this shape (src/sim/thinking.ts); null: no thinking. */
  thinking: ThinkingMode | null;
}

type Kind = 'int' | 'number' | 'rate' | 'string' | 'path' | 'bool' | 'switch' | 'server' | 'thinking';

interface OptionSpec {
  key: keyof SimOptions;
  kind: Kind;
  help: string;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  port: 8000,
  host: '127.0.0.1',
  seed: 0,
  problems: null,
  replay: null,
  strict: false,
  shuffle: false,
  ttftMs: 0,
  tokensPerSecond: 0,
  capacity: 0,
  failRate: 0,
  rateLimitRate: 0,
  stallRate: 0,
  stallMs: 30_000,
  truncateRate: 0,
  malformedRate: 0,
  skill: 0,
  profile: null,
  maxBodyBytes: 4 * 1024 * 1024,
  emulate: null,
  chatTemplate: null,
  parallel: 4,
  llamacppLegacyN: false,
  serverVersion: null,
  thinking: null,
};

export const SIM_OPTION_SPECS: Record<string, OptionSpec> = {
  port: { key: 'port', kind: 'int', help: 'port to listen on (0 picks a free port)' },
  host: { key: 'host', kind: 'string', help: 'address to bind' },
  seed: { key: 'seed', kind: 'int', help: "the simulated model's seed (same seed + same request = same reply)" },
  problems: { key: 'problems', kind: 'path', help: 'JSONL of known problems {problem, answer, level}, e.g. math500.jsonl' },
  replay: { key: 'replay', kind: 'path', help: 'JSONL of recorded completions (and scores[beam][step]) to serve' },
  strict: { key: 'strict', kind: 'switch', help: 'with --replay: serve only recorded text and scores, refuse the rest (docs/replay.md)' },
  shuffle: {
    key: 'shuffle',
    kind: 'switch',
    help: "with --strict: serve each series' recordings in a random order seeded by its first request's seed, not in file order",
  },
  'ttft-ms': { key: 'ttftMs', kind: 'number', help: 'time to first token per sequence, ms' },
  'tokens-per-second': { key: 'tokensPerSecond', kind: 'number', help: 'decode speed per sequence (0 = instant)' },
  capacity: { key: 'capacity', kind: 'int', help: 'concurrent sequences served, the rest queue (0 = unbounded)' },
  'fail-rate': { key: 'failRate', kind: 'rate', help: 'fraction of requests answered 500' },
  'rate-limit-rate': { key: 'rateLimitRate', kind: 'rate', help: 'fraction answered 429 with Retry-After' },
  'stall-rate': { key: 'stallRate', kind: 'rate', help: 'fraction that send no bytes for --stall-ms first' },
  'stall-ms': { key: 'stallMs', kind: 'number', help: 'length of a stall, ms' },
  'truncate-rate': { key: 'truncateRate', kind: 'rate', help: 'fraction whose response is cut mid-way' },
  'malformed-rate': { key: 'malformedRate', kind: 'rate', help: 'fraction answered with invalid JSON' },
  skill: { key: 'skill', kind: 'number', help: "added to every problem's log-odds of a correct solution" },
  profile: {
    key: 'profile',
    kind: 'path',
    help: 'behaviour profile: llama31-8b-math500 (fitted to real samples), paper-shaped, or a profile .json path (none: the fitted one)',
  },
  'max-body-bytes': { key: 'maxBodyBytes', kind: 'int', help: 'largest request body accepted (larger: 413)' },
  emulate: { key: 'emulate', kind: 'server', help: `imitate a real server: ${SERVER_NAMES.join('|')} (docs/servers.md)` },
  'chat-template': {
    key: 'chatTemplate',
    kind: 'path',
    help: 'render prompts with a real template: a name from ../shared/data/chat-templates or a .jinja path',
  },
  parallel: { key: 'parallel', kind: 'int', help: "llama.cpp's slot count with --emulate llamacpp (n above it: 400)" },
  'llamacpp-legacy-n': {
    key: 'llamacppLegacyN',
    kind: 'bool',
    help: 'with --emulate llamacpp: refuse any n > 1 with HTTP 500, as old releases did',
  },
  'server-version': {
    key: 'serverVersion',
    kind: 'string',
    help: 'version the emulated server reports (Ollama < 0.12.11 returns no logprobs; none: a recent one)',
  },
  thinking: {
    key: 'thinking',
    kind: 'thinking',
    help: `a reasoning policy that thinks first and returns it as ${THINKING_MODES.join('|')} (hidden with --emulate openai: a reasoning model such as o3; docs/reasoning.md)`,
  },
};

export class SimOptionError extends Error {}

function parseValue(flag: string, spec: OptionSpec, raw: string): number | string | boolean {
  if (spec.kind === 'string' || spec.kind === 'path') return raw;
  if (spec.kind === 'server') {
    if (!(SERVER_NAMES as readonly string[]).includes(raw))
      throw new SimOptionError(`--${flag} expects one of ${SERVER_NAMES.join(', ')}, got '${raw}'`);
    return raw;
  }
  if (spec.kind === 'thinking') {
    if (!(THINKING_MODES as readonly string[]).includes(raw))
      throw new SimOptionError(`--${flag} expects one of ${THINKING_MODES.join(', ')}, got '${raw}'`);
    return raw;
  }
  if (spec.kind === 'bool' || spec.kind === 'switch') {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new SimOptionError(`--${flag} expects true or false, got '${raw}'`);
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new SimOptionError(`--${flag} expects a number, got '${raw}'`);
  if (spec.kind === 'int' && !Number.isInteger(value)) throw new SimOptionError(`--${flag} expects an integer, got '${raw}'`);
  if (spec.kind === 'rate' && (value < 0 || value > 1))
    throw new SimOptionError(`--${flag} expects a fraction between 0 and 1, got '${raw}'`);
  if (spec.key !== 'skill' && value < 0) throw new SimOptionError(`--${flag} must not be negative, got '${raw}'`);
  return value;
}

/** Parses `--flag value` / `--flag=value` arguments over the defaults. */
export function parseSimOptions(args: string[]): SimOptions {
  const options: Record<string, unknown> = { ...DEFAULT_SIM_OPTIONS };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new SimOptionError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = SIM_OPTION_SPECS[flag];
    if (!spec) throw new SimOptionError(`unknown option --${flag} (see ponder sim --help)`);
    // A switch takes no value: present means on.
    if (spec.kind === 'switch' && eq < 0) {
      options[spec.key] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined) throw new SimOptionError(`--${flag} needs a value`);
    if (spec.key === 'parallel' && raw.trim() === '0') throw new SimOptionError(`--${flag} must be at least 1`);
    options[spec.key] = parseValue(flag, spec, raw);
  }
  if (options.strict === true && options.replay === null)
    throw new SimOptionError('--strict needs --replay FILE (it limits what a replay serves)');
  if (options.shuffle === true && options.strict !== true)
    throw new SimOptionError('--shuffle needs --replay FILE --strict (a replay without --strict already draws its recordings at random)');
  return options as unknown as SimOptions;
}

export function simHelp(): string {
  const rows = Object.entries(SIM_OPTION_SPECS).map(([flag, spec]) => {
    const value = DEFAULT_SIM_OPTIONS[spec.key];
    const shown = value === null ? 'none' : String(value);
    return `  --${flag.padEnd(20)} ${spec.help} (default: ${shown})`;
  });
  return [
    'Usage: ponder sim [options]',
    '',
    'Serves a simulated OpenAI-compatible policy (ponder-sim-policy) and a vLLM-style process',
    'verifier (ponder-sim-prm, POST /pooling) for tests, demos and benchmarks. Prints its base URL',
    '(http://HOST:PORT/v1) as the first line of stdout. See docs/simulator.md.',
    '',
    'Options:',
    ...rows,
    '  --help                 show this help',
  ].join('\n');
}
