import type { StrategyChoice } from './strategies';

/**
 * Ponder's configuration: the `ponder.*` section in VS Code, the LSP configuration, and (through the
 * names in SETTING_NAMES) the CLI flags and environment variables. API keys are never part of it.
 */
export interface PonderSettings {
  policy: {
    url: string;
    model: string;
    api: 'chat' | 'completions';
    continuation: 'auto' | 'continue-final-message' | 'completions' | 'none';
    chatTemplate: string;
    /** Model size in parameters, for FLOPs estimates; 0 when unknown. */
    parameters: number;
    /** Whether the server honours `n` > 1 in one request; `auto` detects it. */
    supportsN: 'auto' | 'yes' | 'no';
  };
  verifier: {
    kind: 'vllm-pooling' | 'llm-judge' | 'none';
    url: string;
    model: string;
    /** Step tag format for `vllm-pooling`: Qwen2.5-Math-PRM (`<extra_0>`) or Math-Shepherd (`ки`). */
    format: 'qwen-prm' | 'math-shepherd';
    stepDelimiter: string;
    lowScoreThreshold: number;
  };
  budget: {
    generations: number;
    maxTokensPerGeneration: number;
    /** 0: no cap. */
    tokenCap: number;
    concurrency: number;
  };
  /** Per request: how long a server may stay silent (before or during an answer) before the attempt is retried. */
  request: { timeoutMs: number };
  strategy: StrategyChoice;
  router: { policyFile: string };
  difficulty: { probeSize: number };
  /** Sequential revisions: how a new attempt replaces its chain's current state (added with the engine, issue 5). */
  revisions: {
    /** `always` (the paper) or `metropolis`: keep the revision with probability min(1, (s_new/s_old)^(1/T)). */
    acceptance: 'always' | 'metropolis';
    /** T in the Metropolis rule; lower is greedier. */
    temperature: number;
  };
  trace: { server: 'off' | 'messages' | 'verbose' };
}

export const DEFAULT_SETTINGS: PonderSettings = {
  policy: {
    url: 'http://127.0.0.1:8000/v1',
    model: '',
    api: 'chat',
    continuation: 'auto',
    chatTemplate: 'chatml',
    parameters: 0,
    supportsN: 'auto',
  },
  verifier: {
    kind: 'vllm-pooling',
    url: 'http://127.0.0.1:8000',
    model: '',
    format: 'qwen-prm',
    stepDelimiter: '\n\n',
    lowScoreThreshold: 0.5,
  },
  budget: { generations: 16, maxTokensPerGeneration: 1024, tokenCap: 0, concurrency: 32 },
  request: { timeoutMs: 120_000 },
  strategy: 'auto',
  router: { policyFile: '' },
  difficulty: { probeSize: 4 },
  revisions: { acceptance: 'always', temperature: 0.1 },
  trace: { server: 'off' },
};

/** Dotted setting key (under `ponder.`) -> CLI flag and environment variable, as in DESIGN.md. */
export const SETTING_NAMES: ReadonlyArray<{ key: string; flag?: string; env?: string }> = [
  { key: 'policy.url', flag: '--policy-url', env: 'PONDER_POLICY_URL' },
  { key: 'policy.model', flag: '--policy-model', env: 'PONDER_POLICY_MODEL' },
  { key: 'policy.api', flag: '--policy-api' },
  { key: 'policy.continuation', flag: '--continuation' },
  { key: 'policy.chatTemplate', flag: '--chat-template' },
  { key: 'policy.parameters', flag: '--policy-parameters' },
  { key: 'policy.supportsN', flag: '--supports-n' },
  { key: 'verifier.kind', flag: '--verifier-kind', env: 'PONDER_VERIFIER_KIND' },
  { key: 'verifier.url', flag: '--verifier-url', env: 'PONDER_VERIFIER_URL' },
  { key: 'verifier.model', flag: '--verifier-model', env: 'PONDER_VERIFIER_MODEL' },
  { key: 'verifier.format', flag: '--verifier-format' },
  { key: 'verifier.stepDelimiter', flag: '--step-delimiter' },
  { key: 'verifier.lowScoreThreshold', flag: '--low-score-threshold' },
  { key: 'budget.generations', flag: '--budget' },
  { key: 'budget.maxTokensPerGeneration', flag: '--max-tokens' },
  { key: 'budget.tokenCap', flag: '--token-cap' },
  { key: 'budget.concurrency', flag: '--concurrency' },
  { key: 'request.timeoutMs', flag: '--timeout-ms' },
  { key: 'strategy', flag: '--strategy' },
  { key: 'router.policyFile', flag: '--policy-file' },
  { key: 'difficulty.probeSize', flag: '--probe' },
  { key: 'revisions.acceptance', flag: '--acceptance' },
  { key: 'revisions.temperature', flag: '--acceptance-temperature' },
  { key: 'trace.server', flag: '--verbose' },
];

/** Environment variables that carry API keys. Never settings, flags, logs or events. */
export const SECRET_ENV = { policyApiKey: 'PONDER_API_KEY', verifierApiKey: 'PONDER_VERIFIER_API_KEY' } as const;

export interface Secrets {
  policyApiKey?: string;
  verifierApiKey?: string;
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted key out of a nested settings object. */
export function getSetting(settings: unknown, key: string): unknown {
  let node: unknown = settings;
  for (const part of key.split('.')) {
    if (!isPlain(node)) return undefined;
    node = node[part];
  }
  return node;
}

/**
 * Overlays partial settings (from VS Code, initializationOptions, CLI flags or the environment) on a
 * base, keeping each value only where its type matches the default's; the result is a whole, valid
 * PonderSettings. Unknown keys are ignored. Returns the problems found, for a clear message.
 */
export function mergeSettings(base: PonderSettings, overlay: unknown): { settings: PonderSettings; problems: string[] } {
  const problems: string[] = [];
  const out = structuredClone(base) as unknown as Plain;
  const walk = (target: Plain, source: unknown, prefix: string) => {
    if (!isPlain(source)) return;
    for (const [k, v] of Object.entries(source)) {
      if (!(k in target) || v === undefined || v === null) continue;
      const current = target[k];
      const path = prefix ? `${prefix}.${k}` : k;
      if (isPlain(current)) walk(current, v, path);
      else if (typeof current === 'number') {
        const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
        if (typeof n === 'number' && Number.isFinite(n)) target[k] = n;
        else problems.push(`ponder.${path} must be a number, got ${JSON.stringify(v)}`);
      } else if (typeof v === typeof current) target[k] = v;
      else problems.push(`ponder.${path} must be a ${typeof current}, got ${JSON.stringify(v)}`);
    }
  };
  walk(out, overlay, '');
  return { settings: out as unknown as PonderSettings, problems };
}

/** Builds a nested partial-settings object from dotted keys. */
export function nestSettings(flat: Record<string, unknown>): Plain {
  const root: Plain = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (!isPlain(node[part])) node[part] = {};
      node = node[part] as Plain;
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}
