// Real servers, the VS Code side, in Node: the run model keeps `route.workarounds`, the reason shown
// beside them does not repeat them, the degraded-run notification says each message once per session,
// and the Check Endpoints page shows every strategy with its fix, escaping what the server sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Capabilities } from '../../src/shared/api';
import type { SolveEvent } from '../../src/shared/events';
import { reasonBesideWorkarounds, reduceRun } from '../../src/shared/runModel';
import { STRATEGY_NAMES } from '../../src/shared/strategies';
import { CHECK_COMMANDS, checkBody, settingsNamed } from '../../src/extension/checkView';
import { briefWorkaround, WorkaroundNotices, workaroundMessage } from '../../src/extension/workaroundNotices';

const ADD_VERIFIER = 'to add one, serve a process reward model and set ponder.verifier.url to it';
const NO_VERIFIER = `the verifier at http://localhost:8000 cannot score steps (HTTP 404), so this run uses none; ${ADD_VERIFIER}`;
const FALLBACK = 'beam needs a verifier and this run has none, so majority instead';

function routed(workarounds?: string[]): SolveEvent[] {
  const reason = ['beam chosen explicitly', ...(workarounds ?? [])].join('; ');
  return [
    { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 4, strategy: 'beam' },
    { type: 'route', t: 1, strategy: 'majority', params: { n: 4 }, reason, ...(workarounds ? { workarounds } : {}) },
  ];
}

describe('route workarounds in the run model', () => {
  it('keeps the workarounds of the route event, in order, as a copy', () => {
    const events = routed([FALLBACK, NO_VERIFIER]);
    const model = reduceRun({ runId: 'r', problem: 'p' }, events);
    assert.deepEqual(model.route?.workarounds, [FALLBACK, NO_VERIFIER]);
    const route = events[1];
    assert.ok(route.type === 'route' && route.workarounds);
    route.workarounds.push('later');
    assert.equal(model.route?.workarounds?.length, 2, 'the model does not share the event array');
  });

  it('has no workarounds when the route names none', () => {
    const model = reduceRun({ runId: 'r', problem: 'p' }, routed());
    assert.equal(model.route?.workarounds, undefined);
    assert.equal(reasonBesideWorkarounds(model.route!), 'beam chosen explicitly');
  });

  it('shows the reason without the sentences the workaround notice lists (each once)', () => {
    const model = reduceRun({ runId: 'r', problem: 'p' }, routed([FALLBACK, NO_VERIFIER]));
    assert.equal(reasonBesideWorkarounds(model.route!), 'beam chosen explicitly');
    // A sentence the reason does not hold leaves the reason as it is.
    assert.equal(
      reasonBesideWorkarounds({ reason: 'auto: agreement 0.50; bin 3', workarounds: ['something else'] }),
      'auto: agreement 0.50; bin 3',
    );
  });
});

describe('the degraded-run notification', () => {
  it('says the first workaround briefly (its first clause) and how many more there are', () => {
    assert.equal(
      briefWorkaround(NO_VERIFIER),
      'the verifier at http://localhost:8000 cannot score steps (HTTP 404), so this run uses none',
    );
    assert.equal(workaroundMessage([FALLBACK]), `Ponder worked around the endpoints: ${FALLBACK}.`);
    assert.equal(workaroundMessage([FALLBACK, NO_VERIFIER]), `Ponder worked around the endpoints: ${FALLBACK} (and 1 more in the panel).`);
    assert.ok(briefWorkaround('x'.repeat(500)).length <= 160);
  });

  it('is offered once per run and once per distinct message per session', () => {
    const notices = new WorkaroundNotices();
    const [started, route] = routed([FALLBACK]);
    assert.equal(notices.consider('a', [started]), undefined, 'no route yet');
    assert.equal(notices.consider('a', [route]), workaroundMessage([FALLBACK]));
    assert.equal(notices.consider('a', [route]), undefined, 'not twice for one run');
    assert.equal(notices.consider('b', [started, route]), undefined, 'not the same message for another run');
    const other = routed([NO_VERIFIER])[1];
    assert.equal(notices.consider('c', [other]), workaroundMessage([NO_VERIFIER]), 'a new message is said');
    assert.equal(notices.consider('d', routed()), undefined, 'nothing when nothing was worked around');
  });
});

function capabilities(overrides: { model?: string; error?: string } = {}): Capabilities {
  return {
    policy: {
      url: 'http://localhost:8080/v1',
      model: overrides.model ?? 'qwen',
      reachable: true,
      server: 'llamacpp',
      continuation: 'continue-final-message',
      trimsPrefix: true,
      supportsN: true,
      maxN: 4,
      logprobs: true,
      stopReporting: 'finish_reason',
    },
    verifier: { kind: 'none', url: null, model: null, reachable: false, ...(overrides.error ? { error: overrides.error } : {}) },
    strategies: STRATEGY_NAMES.map((strategy) =>
      strategy === 'majority'
        ? { strategy, status: 'ok' as const }
        : strategy === 'revisions'
          ? { strategy, status: 'degraded' as const, reason: 'without a verifier the final answer is a majority vote', fix: ADD_VERIFIER }
          : {
              strategy,
              status: 'unavailable' as const,
              reason: `needs a verifier${overrides.error ? `: ${overrides.error}` : ''}`,
              fix: 'set ponder.verifier.kind to vllm-pooling and ponder.verifier.url to your PRM server; or ponder.nothing.here',
            },
    ),
  };
}

describe('the Check Endpoints page', () => {
  const known = new Set(['ponder.verifier.kind', 'ponder.verifier.url', 'ponder.policy.url']);

  it('names the server and the model and has one row per strategy with its status, reason and fix', () => {
    const html = checkBody(capabilities(), known, 'now');
    assert.match(html, /data-testid="check-server" data-server="llamacpp">llama\.cpp server</);
    assert.match(html, /data-testid="check-model">qwen</);
    const rows = [...html.matchAll(/<tr data-testid="strategy-row" data-strategy="([^"]+)" data-status="([^"]+)">/g)].map((m) => [
      m[1],
      m[2],
    ]);
    assert.deepEqual(
      rows.map((r) => r[0]),
      [...STRATEGY_NAMES],
    );
    assert.deepEqual(Object.fromEntries(rows), {
      majority: 'ok',
      'best-of-n': 'unavailable',
      'weighted-best-of-n': 'unavailable',
      beam: 'unavailable',
      lookahead: 'unavailable',
      revisions: 'degraded',
    });
    assert.match(html, /at most 4 per request/);
    assert.match(html, /template trims the partial answer: yes/);
    assert.match(html, /finish_reason only/);
  });

  it('links each known setting a fix names to the Settings editor, and only through allowed commands', () => {
    assert.deepEqual(settingsNamed('set ponder.verifier.kind to x and ponder.verifier.url. Or ponder.nothing.here', known), [
      'ponder.verifier.kind',
      'ponder.verifier.url',
    ]);
    const html = checkBody(capabilities(), known, 'now');
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) =>
      m[1].replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))),
    );
    assert.ok(links.includes(`command:workbench.action.openSettings?${encodeURIComponent('["ponder.verifier.kind"]')}`));
    for (const link of links) {
      const command = /^command:([^?]+)/.exec(link)?.[1];
      assert.ok(command && (CHECK_COMMANDS as readonly string[]).includes(command), `${link} uses an allowed command`);
    }
    assert.doesNotMatch(html, /ponder\.nothing\.here%22/);
  });

  it('escapes everything the server sent and has no script, handler or inline style', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const html = checkBody(capabilities({ model: hostile, error: hostile }), known, 'now');
    assert.doesNotMatch(html, /<img|<script|<[^>]*\son[a-z]+=|<[^>]*\sstyle=/i);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
  });
});
