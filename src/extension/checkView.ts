// The page of "Ponder: Check Endpoints": what `ponder/capabilities` says, as HTML with no script. Pure
// (no vscode import), so it is tested in Node. Every string from the server (model names, errors,
// reasons) is escaped; the only active parts are `command:` links, which the webview allows for the
// few commands in CHECK_COMMANDS only.
import type { Capabilities, ServerKind, StrategyCheck } from '../shared/api';
import { buildStaticPageHtml, escapeHtml } from '../shared/panelHtml';

/** The commands the page links to (the webview's `enableCommandUris` allows exactly these). */
export const CHECK_COMMANDS = [
  'ponder.checkEndpoints',
  'ponder.openSettings',
  'ponder.setApiKey',
  'ponder.showServerLog',
  'workbench.action.openSettings',
] as const;
type CheckCommand = (typeof CHECK_COMMANDS)[number];

export const SERVER_LABELS: Record<ServerKind, string> = {
  vllm: 'vLLM',
  sglang: 'SGLang',
  openai: 'OpenAI API',
  ollama: 'Ollama',
  llamacpp: 'llama.cpp server',
  lmstudio: 'LM Studio',
  unknown: 'an OpenAI-compatible server (not recognised)',
};

const STATUS_LABELS: Record<StrategyCheck['status'], string> = { ok: 'ok', degraded: 'degraded', unavailable: 'unavailable' };

const CONTINUATION_LABELS: Record<Capabilities['policy']['continuation'], string> = {
  'continue-final-message': 'continue_final_message (the chat API continues a partial answer)',
  completions: '/v1/completions with a raw prompt in the chat template',
  none: 'none: partial answers cannot be continued, so beam and lookahead are unavailable',
};

const STOP_LABELS: Record<Capabilities['policy']['stopReporting'], string> = {
  stop_reason: 'stop_reason (vLLM): which stop string ended a choice',
  matched_stop: 'matched_stop (SGLang): which stop string ended a choice',
  finish_reason: 'finish_reason only: a stop string and the end of the answer look alike',
};

function commandLink(command: CheckCommand, label: string, args?: readonly unknown[], testId?: string): string {
  const query = args === undefined ? '' : `?${encodeURIComponent(JSON.stringify(args))}`;
  const id = testId === undefined ? '' : ` data-testid="${escapeHtml(testId)}"`;
  return `<a class="action" href="${escapeHtml(`command:${command}${query}`)}"${id}>${escapeHtml(label)}</a>`;
}

const SETTING = /\bponder\.[a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)*/g;

/** The Ponder settings a fix names, in order, once each; only those in `known` (the manifest's). */
export function settingsNamed(text: string, known: ReadonlySet<string>): string[] {
  return [...new Set(text.match(SETTING) ?? [])].filter((name) => known.has(name));
}

function row(name: string, value: string, testId: string): string {
  return `<tr data-testid="${testId}"><th scope="row">${escapeHtml(name)}</th><td>${value}</td></tr>`;
}

function yesNo(value: boolean | null, yes: string, no: string, unknown = 'not known'): string {
  return escapeHtml(value === null ? unknown : value ? yes : no);
}

function reachability(endpoint: { reachable: boolean; error?: string }): string {
  if (endpoint.reachable) return '<span class="status status-ok">reachable</span>';
  return `<span class="status status-unavailable">not reachable</span>${endpoint.error ? ` ${escapeHtml(endpoint.error)}` : ''}`;
}

function policySection(caps: Capabilities): string {
  const p = caps.policy;
  const n = p.supportsN
    ? p.maxN === null
      ? 'yes, no stated limit'
      : `yes, at most ${p.maxN} per request`
    : 'no: every generation is its own request';
  const trims =
    p.continuation === 'continue-final-message'
      ? `; template trims the partial answer: ${yesNo(p.trimsPrefix, 'yes (worked around with min_tokens: 1)', 'no')}`
      : '';
  return `<section data-testid="check-policy">
      <h2>Policy</h2>
      <table class="facts">
        ${row('Server', `<strong data-testid="check-server" data-server="${escapeHtml(p.server)}">${escapeHtml(SERVER_LABELS[p.server])}</strong>`, 'fact-server')}
        ${row('Model', `<code data-testid="check-model">${escapeHtml(p.model ?? '(none found)')}</code>`, 'fact-model')}
        ${row('URL', `<code>${escapeHtml(p.url)}</code> ${reachability(p)}`, 'fact-url')}
        ${row('Continuation', `${escapeHtml(CONTINUATION_LABELS[p.continuation])}${trims}${p.continuationNote ? `<div class="note">${escapeHtml(p.continuationNote)}</div>` : ''}`, 'fact-continuation')}
        ${row('n (choices per request)', escapeHtml(n), 'fact-n')}
        ${row('Logprobs', yesNo(p.logprobs, 'yes', 'no'), 'fact-logprobs')}
        ${row('Stops reported by', escapeHtml(STOP_LABELS[p.stopReporting]), 'fact-stops')}
        ${row('Reasoning', `${escapeHtml(p.reasoning ? `yes: thinking as ${p.reasoning}` : 'no thinking seen')}${p.reasoningNote ? `<div class="note">${escapeHtml(p.reasoningNote)}</div>` : ''}`, 'fact-reasoning')}
      </table>
    </section>`;
}

function verifierSection(caps: Capabilities): string {
  const v = caps.verifier;
  const kind = v.kind === 'none' ? 'none: only verifier-free strategies (majority vote, revisions by vote) run' : v.kind;
  return `<section data-testid="check-verifier" data-kind="${escapeHtml(v.kind)}">
      <h2>Verifier</h2>
      <table class="facts">
        ${row('Kind', escapeHtml(kind), 'fact-verifier-kind')}
        ${v.kind === 'none' ? '' : row('Model', `<code>${escapeHtml(v.model ?? '(none)')}</code>`, 'fact-verifier-model')}
        ${v.kind === 'none' ? '' : row('URL', `<code>${escapeHtml(v.url ?? '(none)')}</code> ${reachability(v)}`, 'fact-verifier-url')}
      </table>
    </section>`;
}

function strategyRow(check: StrategyCheck, known: ReadonlySet<string>): string {
  const links =
    check.fix === undefined
      ? []
      : settingsNamed(check.fix, known).map((name) => commandLink('workbench.action.openSettings', name, [name], 'open-setting'));
  const fix = check.fix === undefined ? '' : `${escapeHtml(check.fix)}${links.length ? `<div class="links">${links.join(' ')}</div>` : ''}`;
  return `<tr data-testid="strategy-row" data-strategy="${escapeHtml(check.strategy)}" data-status="${check.status}">
          <th scope="row"><code>${escapeHtml(check.strategy)}</code></th>
          <td><span class="status status-${check.status}">${STATUS_LABELS[check.status]}</span></td>
          <td>${escapeHtml(check.reason ?? '')}</td>
          <td>${fix}</td>
        </tr>`;
}

/** The page's `<main>` content for a probe's result. `knownSettings`: the manifest's setting names. */
export function checkBody(caps: Capabilities, knownSettings: ReadonlySet<string>, checkedAt: string): string {
  const counts = (['ok', 'degraded', 'unavailable'] as const)
    .map((s) => `${caps.strategies.filter((c) => c.status === s).length} ${s}`)
    .join(', ');
  return `<h1>Ponder: Endpoints</h1>
    <p class="toolbar">${commandLink('ponder.checkEndpoints', 'Check again', undefined, 'check-again')} ${commandLink('ponder.openSettings', 'Open Settings')} ${commandLink('ponder.setApiKey', 'Set API Key…')} ${commandLink('ponder.showServerLog', 'Show Log')}</p>
    <p class="muted">Probed ${escapeHtml(checkedAt)}. Strategies: ${escapeHtml(counts)}.</p>
    ${policySection(caps)}
    ${verifierSection(caps)}
    <section data-testid="check-strategies">
      <h2>Strategies</h2>
      <table class="strategies">
        <thead><tr><th scope="col">Strategy</th><th scope="col">Status</th><th scope="col">Why</th><th scope="col">Fix</th></tr></thead>
        <tbody>
        ${caps.strategies.map((c) => strategyRow(c, knownSettings)).join('\n        ')}
        </tbody>
      </table>
    </section>`;
}

/** While the probe runs. */
export function checkingBody(): string {
  return `<h1>Ponder: Endpoints</h1>
    <p data-testid="check-progress">Checking the policy and verifier endpoints…</p>`;
}

/** When the request failed (server not running, probe error). */
export function failedBody(message: string): string {
  return `<h1>Ponder: Endpoints</h1>
    <p class="error" data-testid="check-error">The check failed: ${escapeHtml(message)}</p>
    <p class="toolbar">${commandLink('ponder.checkEndpoints', 'Check again', undefined, 'check-again')} ${commandLink('ponder.openSettings', 'Open Settings')} ${commandLink('ponder.showServerLog', 'Show Log')}</p>`;
}

/** The whole document: no script at all, styles from the extension only (the report panel's policy). */
export function checkHtml(cspSource: string, styleUri: string, state: 'checking' | 'done' | 'failed', body: string): string {
  return buildStaticPageHtml({
    cspSource,
    styleUri,
    title: 'Ponder: Endpoints',
    mainAttributes: `class="check" data-testid="check-endpoints" data-state="${state}"`,
    body,
  });
}
