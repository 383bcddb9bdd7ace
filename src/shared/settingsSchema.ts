// Ponder's settings, defined once. Everything else is derived from this schema: the `PonderSettings` type,
// DEFAULT_SETTINGS and the validation of every value (src/shared/settings.ts), the CLI's flags, environment
// variables and help (src/cli/settings.ts), package.json's `contributes.configuration` and the README's
// settings table (both written by `npm run gen:settings`, scripts/gen-settings.ts).
//
// To add a setting, or change a default, a range or a description: edit its `setting(...)` entry below
// (the zod type holds the enum, range, refinement and default; the metadata the description, VS Code
// scope, order in the Settings UI, CLI flag and environment variable), run `npm run gen:settings`, and
// read the value where it is used. test/shared/settings*.test.ts fail until package.json, the README and
// the CLI agree with this file. Supported value types: strings (free, enum, http(s) URL, refined) and
// numbers (integer or not, with bounds).
import { z } from 'zod';
import { STRATEGY_NAMES } from './strategies';
import { REASONING_SHAPES } from './thinking';

export interface SettingMeta {
  markdownDescription: string;
  /** One per enum value, in the enum's order. */
  enumDescriptions?: string[];
  /** VS Code's scope; absent means VS Code's default (`window`). `machine`: never read from a workspace. */
  scope?: 'machine' | 'window';
  /** Position in VS Code's Settings UI. */
  order: number;
  flag: `--${string}`;
  /** A flag without a value that sets the setting to this value (`--verbose`). */
  flagSets?: string;
  env: `PONDER_${string}`;
  /** What a valid value is, when the type alone does not say it (a refinement). */
  allowed?: string;
}

export const settingMeta = z.registry<SettingMeta>();

function setting<T extends z.ZodType>(schema: T, meta: SettingMeta): T {
  settingMeta.add(schema as z.ZodType, meta);
  return schema;
}

/** A group of settings; absent from an object, it takes its settings' defaults. */
function group<S extends z.ZodRawShape>(shape: S) {
  // Every setting has a default, so an empty object is a valid input.
  return z.object(shape).prefault({} as z.input<z.ZodObject<S>>);
}

const httpUrl = () => z.url({ protocol: /^https?$/ });

const BUILT_IN_TEMPLATES = ['chatml', 'llama3'];

/** Revision acceptance rules; `metropolis` is the former, inaccurate name of `stochastic-climb` (see revisions.ts). */
export const REVISION_ACCEPTANCES = ['always', 'stochastic-climb', 'metropolis'] as const;

export const settingsSchema = z.object({
  policy: group({
    url: setting(httpUrl().default('http://127.0.0.1:8000/v1'), {
      scope: 'machine',
      order: 1,
      flag: '--policy-url',
      env: 'PONDER_POLICY_URL',
      markdownDescription:
        'Base URL of the OpenAI-compatible policy model that writes solutions (vLLM, SGLang, Ollama, llama.cpp, LM Studio, OpenAI...), e.g. `http://localhost:8000/v1`. Only read from user (or remote machine) settings: a workspace cannot redirect your API key to another host. The key is set with **Ponder: Set API Key...** or `PONDER_API_KEY`.',
    }),
    model: setting(z.string().default(''), {
      order: 2,
      flag: '--policy-model',
      env: 'PONDER_POLICY_MODEL',
      markdownDescription: 'Policy model name. Empty: the first model listed by `/v1/models`.',
    }),
    api: setting(z.enum(['chat', 'completions']).default('chat'), {
      order: 3,
      flag: '--policy-api',
      env: 'PONDER_POLICY_API',
      enumDescriptions: [
        '`/v1/chat/completions` with chat messages.',
        '`/v1/completions` with a raw prompt built from `#ponder.policy.chatTemplate#`.',
      ],
      markdownDescription: 'Which OpenAI API the policy is called through.',
    }),
    continuation: setting(z.enum(['auto', 'continue-final-message', 'completions', 'none']).default('auto'), {
      order: 4,
      flag: '--continuation',
      env: 'PONDER_POLICY_CONTINUATION',
      enumDescriptions: [
        'Detect what the endpoint supports.',
        'vLLM chat with `continue_final_message`.',
        '`/v1/completions` with a raw prompt.',
        'The endpoint cannot continue a partial answer: beam and lookahead search are unavailable.',
      ],
      markdownDescription: 'How a partial solution is continued step by step (needed by `beam` and `lookahead`).',
    }),
    chatTemplate: setting(
      z
        .string()
        .refine((t) => BUILT_IN_TEMPLATES.includes(t) || t.includes('{user}'))
        .default('chatml'),
      {
        order: 5,
        flag: '--chat-template',
        env: 'PONDER_POLICY_CHAT_TEMPLATE',
        allowed: `${BUILT_IN_TEMPLATES.join(', ')} or a template string containing {user} (and optionally {system})`,
        markdownDescription:
          'Chat template for raw prompts (`completions`): `chatml`, `llama3`, or a template string with `{user}` (and optionally `{system}`) placeholders whose end is where the answer goes.',
      },
    ),
    parameters: setting(z.number().min(0).default(0), {
      order: 6,
      flag: '--policy-parameters',
      env: 'PONDER_POLICY_PARAMETERS',
      markdownDescription: 'Policy model size in parameters (e.g. `8e9`), for FLOPs estimates (2 x parameters x tokens). `0`: unknown.',
    }),
    supportsN: setting(z.enum(['auto', 'yes', 'no']).default('auto'), {
      order: 7,
      flag: '--supports-n',
      env: 'PONDER_POLICY_SUPPORTS_N',
      markdownDescription: 'Whether the endpoint honours `n` > 1 in one request. `auto` detects it.',
    }),
    reasoning: setting(z.enum(['auto', 'off', ...REASONING_SHAPES]).default('auto'), {
      order: 7.1,
      flag: '--policy-reasoning',
      env: 'PONDER_POLICY_REASONING',
      enumDescriptions: [
        'Detect it from what the endpoint returns (a thinking field, inline `<think>` tags, or OpenAI refusing `max_tokens`); `ponder check` shows what was found.',
        'The policy does not reason: no thinking is looked for.',
        'Thinking in `reasoning_content` (vLLM and SGLang with a reasoning parser, DeepSeek, llama.cpp).',
        'Thinking in `reasoning` (Ollama, OpenRouter, vLLM since the field was renamed).',
        'Thinking inline in `<think>...</think>` (llama.cpp with `--reasoning-format none`, servers without a reasoning parser, raw completions).',
        "OpenAI's reasoning models (o-series, GPT-5): hidden thinking, `max_completion_tokens` instead of `max_tokens`, the default temperature only.",
      ],
      markdownDescription:
        'Whether the policy is a reasoning model and how its API returns the thinking. Answers, steps and verifier scores come from the final solution only; the thinking is shown apart. See docs/reasoning.md.',
    }),
    reasoningEffort: setting(z.enum(['default', 'minimal', 'low', 'medium', 'high']).default('default'), {
      order: 7.2,
      flag: '--reasoning-effort',
      env: 'PONDER_POLICY_REASONING_EFFORT',
      enumDescriptions: [
        "Not sent: the server's default.",
        'As little thinking as the model allows.',
        'Short thinking.',
        'Medium thinking.',
        'Long thinking.',
      ],
      markdownDescription:
        '`reasoning_effort` sent with every policy request (OpenAI reasoning models, gpt-oss on vLLM). Other servers ignore it or refuse it: leave it at `default` for them.',
    }),
  }),
  verifier: group({
    kind: setting(z.enum(['vllm-pooling', 'llm-judge', 'none']).default('vllm-pooling'), {
      order: 10,
      flag: '--verifier-kind',
      env: 'PONDER_VERIFIER_KIND',
      enumDescriptions: [
        'A process reward model served by vLLM (`/pooling`), e.g. Qwen2.5-Math-PRM-7B.',
        'Any chat model asked whether each step is correct (uses logprobs; one call per step).',
        'No verifier: only `majority` and `revisions` (with majority voting) are available.',
      ],
      markdownDescription: 'The verifier that scores each step with P(step correct).',
    }),
    url: setting(httpUrl().default('http://127.0.0.1:8000'), {
      scope: 'machine',
      order: 11,
      flag: '--verifier-url',
      env: 'PONDER_VERIFIER_URL',
      markdownDescription:
        'Verifier server base URL (`/pooling` is appended; a trailing `/v1` is tolerated) or, for `llm-judge`, an OpenAI base URL. Only read from user (or remote machine) settings. The key is set with **Ponder: Set API Key...** or `PONDER_VERIFIER_API_KEY`.',
    }),
    model: setting(z.string().default(''), {
      order: 12,
      flag: '--verifier-model',
      env: 'PONDER_VERIFIER_MODEL',
      markdownDescription: 'Verifier model name.',
    }),
    format: setting(z.enum(['qwen-prm', 'math-shepherd']).default('qwen-prm'), {
      order: 13,
      flag: '--verifier-format',
      env: 'PONDER_VERIFIER_FORMAT',
      enumDescriptions: [
        'Qwen2.5-Math-PRM: `<extra_0>` after every step, `[p_neg, p_pos]`.',
        'Math-Shepherd: the step tag `ки`, `[p(+), p(-)]`.',
      ],
      markdownDescription: 'Step tag format for `vllm-pooling`.',
    }),
    stepDelimiter: setting(z.string().min(1).default('\n\n'), {
      order: 14,
      flag: '--step-delimiter',
      env: 'PONDER_VERIFIER_STEP_DELIMITER',
      markdownDescription: 'What separates steps in a solution (a blank line by default).',
    }),
    lowScoreThreshold: setting(z.number().min(0).max(1).default(0.5), {
      order: 15,
      flag: '--low-score-threshold',
      env: 'PONDER_VERIFIER_LOW_SCORE_THRESHOLD',
      markdownDescription: 'Steps scoring under this are flagged (inlay hints, a warning on the first one, the panel).',
    }),
  }),
  budget: group({
    generations: setting(z.int().min(1).max(4096).default(16), {
      order: 20,
      flag: '--budget',
      env: 'PONDER_BUDGET_GENERATIONS',
      markdownDescription:
        'Default budget of a run, in generations (one sampled solution or beam expansion each). A hard limit: no strategy exceeds it. **Ponder: Solve with Budget...** overrides it per run.',
    }),
    maxTokensPerGeneration: setting(z.int().min(0).max(131072).default(0), {
      order: 21,
      flag: '--max-tokens',
      env: 'PONDER_BUDGET_MAX_TOKENS_PER_GENERATION',
      markdownDescription:
        'The token limit of each generation (`max_tokens`, or `max_completion_tokens` for OpenAI reasoning models), thinking included. `0`: 1024 for an instruct policy, 8192 for a reasoning one (`#ponder.policy.reasoning#`).',
    }),
    tokenCap: setting(z.int().min(0).default(0), {
      order: 22,
      flag: '--token-cap',
      env: 'PONDER_BUDGET_TOKEN_CAP',
      markdownDescription: 'Stop a run once it has used this many tokens. `0`: no cap.',
    }),
    concurrency: setting(z.int().min(1).max(1024).default(32), {
      order: 23,
      flag: '--concurrency',
      env: 'PONDER_BUDGET_CONCURRENCY',
      markdownDescription: 'Generations in flight at once.',
    }),
    stopWhenSettled: setting(z.number().min(0).max(0.999).default(0), {
      order: 23.5,
      flag: '--stop-when-settled',
      env: 'PONDER_BUDGET_STOP_WHEN_SETTLED',
      markdownDescription:
        'Adaptive compute: majority, best-of-N and weighted best-of-N draw their samples in waves (revisions start their chains in waves) and stop once the leading answer keeps its lead at the budget with this probability (e.g. `0.95`); the budget becomes a ceiling. `0`: off, the whole budget is spent.',
    }),
    stopWhenGainBelow: setting(z.number().min(0).max(0.5).default(0), {
      order: 23.6,
      flag: '--stop-when-gain-below',
      env: 'PONDER_BUDGET_STOP_WHEN_GAIN_BELOW',
      markdownDescription:
        "Adaptive compute: majority, weighted best-of-N and revisions also stop once drawing to the budget is expected to raise the chance of a right answer by less than this (e.g. `0.03`), taking an answer's share of the vote as its chance of being right: a vote that agrees early, or scatters over many answers, ends there. Trades a little accuracy for fewer generations (see the README's adaptive figures). `0`: off.",
    }),
  }),
  request: group({
    timeoutMs: setting(z.int().min(100).max(3_600_000).default(120_000), {
      order: 24,
      flag: '--timeout-ms',
      env: 'PONDER_REQUEST_TIMEOUT_MS',
      markdownDescription: 'How long a server may stay silent (before or during an answer) before the request is retried, in milliseconds.',
    }),
  }),
  strategy: setting(z.enum(['auto', ...STRATEGY_NAMES]).default('auto'), {
    order: 30,
    flag: '--strategy',
    env: 'PONDER_STRATEGY',
    enumDescriptions: [
      'The router picks a strategy per problem from its estimated difficulty and the budget (compute-optimal).',
      'N samples, most frequent equivalent answer (self-consistency).',
      'N samples, highest last-step verifier score.',
      'N samples, verifier-weighted vote over equivalent answers.',
      'Beam search over steps scored by the verifier.',
      'Beam search where each step is scored after a greedy rollout.',
      'Sequential self-revisions in parallel chains.',
    ],
    markdownDescription: 'The test-time compute strategy. `auto` routes by difficulty (Snell et al. 2024).',
  }),
  router: group({
    policyFile: setting(z.string().default(''), {
      order: 31,
      flag: '--policy-file',
      env: 'PONDER_ROUTER_POLICY_FILE',
      markdownDescription: 'A router policy JSON (from `ponder calibrate`). Empty: the built-in policy.',
    }),
  }),
  difficulty: group({
    probeSize: setting(z.int().min(0).max(64).default(4), {
      order: 32,
      flag: '--probe',
      env: 'PONDER_DIFFICULTY_PROBE_SIZE',
      markdownDescription:
        "Samples drawn to estimate a problem's difficulty; they count against the budget and are reused by the chosen strategy.",
    }),
  }),
  revisions: group({
    acceptance: setting(z.enum(REVISION_ACCEPTANCES).default('always'), {
      order: 33,
      flag: '--acceptance',
      env: 'PONDER_REVISIONS_ACCEPTANCE',
      enumDescriptions: [
        "Every revision replaces its chain's current attempt (the paper).",
        "Stochastic hill climbing on the verifier's last-step score: a revision replaces the current attempt with probability min(1, (s_new/s_old)^(1/T)), and a kept attempt votes again. Not Metropolis-Hastings: revisions are proposed from the current attempt (and earlier ones) with no correction for that proposal.",
        'Former name of `stochastic-climb`, still accepted.',
      ],
      markdownDescription: "How a revision replaces its chain's current attempt.",
    }),
    temperature: setting(z.number().gt(0).max(10).default(0.1), {
      order: 34,
      flag: '--acceptance-temperature',
      env: 'PONDER_REVISIONS_TEMPERATURE',
      markdownDescription: 'T of `stochastic-climb` acceptance (`#ponder.revisions.acceptance#`); lower is greedier.',
    }),
  }),
  trace: group({
    server: setting(z.enum(['off', 'messages', 'verbose']).default('off'), {
      scope: 'window',
      order: 40,
      flag: '--verbose',
      flagSets: 'verbose',
      env: 'PONDER_TRACE_SERVER',
      markdownDescription:
        'Trace the JSON-RPC messages between VS Code and the language server in the "Ponder Language Server Trace" output. API keys are redacted.',
    }),
  }),
});
