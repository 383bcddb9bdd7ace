// The main extension-host suite, run inside the real workbench (code-server) by test/e2e/workbench.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync, readdirSync } from 'node:fs';
import type { SolveResult } from '../../../src/shared/events';
import type { ScoreStepsResponse } from '../../../src/shared/protocol';
import { DEFAULT_SETTINGS, SETTINGS, getSetting } from '../../../src/shared/settings';
import { panelEvents } from '../support/panelEvents';
import { runSuite, type HostTest } from './runner';
import { EXTENSION_ID, env, openEditor, paragraphRange, ponder, waitForEvent, waitUntil } from './util';

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

function manifest(): { commands: ManifestCommand[] } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributes = extension.packageJSON.contributes as { commands: ManifestCommand[] };
  return { commands: contributes.commands };
}

const tests: HostTest[] = [
  {
    name: 'activates and starts the language server',
    fn: async () => {
      const api = await ponder();
      assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, 'extension is active');
      assert.ok(api.isServerRunning(), 'language server is running');
    },
  },
  {
    name: 'registers every command of package.json, each titled "Ponder: ..."',
    fn: async () => {
      await ponder();
      const registered = new Set(await vscode.commands.getCommands(true));
      const { commands } = manifest();
      assert.ok(commands.length >= 15, `package.json contributes ${commands.length} commands`);
      const missing = commands.filter((c) => !registered.has(c.command)).map((c) => c.command);
      assert.deepEqual(missing, [], 'commands in package.json but not registered');
      for (const c of commands) assert.equal(c.category, 'Ponder', `${c.command} shows as "Ponder: ${c.title}"`);
    },
  },
  {
    name: 'reads the ponder.* settings: user values, and the workbench defaults are the schema defaults',
    fn: async () => {
      await ponder();
      const config = vscode.workspace.getConfiguration('ponder');
      assert.equal(config.get('policy.url'), env('PONDER_E2E_POLICY_URL'));
      assert.equal(config.get('verifier.kind'), 'vllm-pooling');
      // What the workbench registered from package.json, against the schema's defaults (not the manifest).
      for (const { key } of SETTINGS) {
        assert.deepEqual(config.inspect(key)?.defaultValue, getSetting(DEFAULT_SETTINGS, key), `default of ponder.${key}`);
      }
    },
  },
];

function record<T>(event: vscode.Event<T>): { values: T[]; dispose(): void } {
  const values: T[] = [];
  const subscription = event((value) => values.push(value));
  return { values, dispose: () => subscription.dispose() };
}

/** Child processes of this extension host running the language server (dist/server.js). */
function serverPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js');
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

tests.push(
  {
    name: 'Solve Selection on a .ponder problem ends with the answer decoration and the result in the panel',
    fn: async () => {
      const api = await ponder();
      const posted = record(api.onDidPostMessage);
      try {
        const editor = await openEditor('algebra.ponder');
        const range = paragraphRange(editor.document, 'How many positive whole-number divisors');
        editor.selection = new vscode.Selection(range.start, range.end);
        const result = await vscode.commands.executeCommand<SolveResult | undefined>('ponder.solveSelection');
        assert.ok(result, 'ponder.solveSelection returned a result');
        assert.equal(result.error, undefined);
        assert.ok(result.answer !== null, 'the run found an answer');
        assert.ok(
          result.usage.generations <= 16 && result.usage.generations > 0,
          `generations ${result.usage.generations} within the default budget 16`,
        );
        const marks = api.answerMarks(editor.document.uri);
        const mark = marks.find((m) => m.runId === result.runId);
        assert.ok(mark, 'an answer decoration for the run');
        assert.equal(mark.answer, result.answer);
        assert.ok(mark.range.isEqual(range), 'the decoration sits on the solved problem');
        assert.deepEqual(mark.votes, result.votes);
        const events = await waitUntil(() => {
          const seen = panelEvents(posted.values, result.runId);
          return seen.some((e) => e.type === 'result') ? seen : undefined;
        }, "the panel to be sent the run's result event");
        const final = events.filter((e) => e.type === 'result');
        assert.equal(final.length, 1, 'exactly one result event');
        assert.equal(final[0].type === 'result' && final[0].answer, result.answer);
        assert.equal(events[0].type, 'started');
      } finally {
        posted.dispose();
      }
    },
  },
  {
    name: "Score Steps of Selection shows each step's score as an inlay hint",
    fn: async () => {
      await ponder();
      const editor = await openEditor('algebra.ponder');
      const step = paragraphRange(editor.document, 'A divisor is $2^a 7^b$');
      editor.selection = new vscode.Selection(step.start, step.start);
      const response = await vscode.commands.executeCommand<ScoreStepsResponse | undefined>('ponder.scoreSteps');
      assert.ok(response?.document, 'the solution was scored in the document');
      assert.equal(response.steps.length, 3);
      const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
      const hints = await waitUntil(async () => {
        const found = await vscode.commands.executeCommand<vscode.InlayHint[]>(
          'vscode.executeInlayHintProvider',
          editor.document.uri,
          whole,
        );
        return found.length >= 3 ? found : undefined;
      }, 'three inlay hints');
      const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
      for (const scored of response.steps)
        assert.ok(labels.includes(`score ${scored.score.toFixed(2)}`), `a hint for step ${scored.index + 1} (${labels.join(', ')})`);
    },
  },
  {
    name: 'Cancel Run stops a run: its result is partial and under budget',
    fn: async () => {
      const api = await ponder();
      const editor = await openEditor('algebra.ponder');
      const range = paragraphRange(editor.document, 'Let $p(x)$ be a polynomial of degree 5');
      const running = api.solveRange(editor.document.uri, range, { budget: 256 });
      await waitForEvent(api.onRunEvents, (m) => m.events.some((e) => e.type === 'candidate'), 'the first candidate of the run');
      await vscode.commands.executeCommand('ponder.cancelRun');
      const result = await running;
      assert.ok(result, 'the run resolved');
      assert.equal(result.partial, true, 'a cancelled run is partial');
      assert.ok(result.usage.generations < 256, `stopped early: ${result.usage.generations} of 256 generations`);
    },
  },
  {
    name: 'a server crash fails the run in flight, tells the panel, and the client restarts the server',
    fn: async () => {
      const api = await ponder();
      const posted = record(api.onDidPostMessage);
      try {
        const editor = await openEditor('geometry.ponder');
        const range = paragraphRange(editor.document, 'A $90^\\circ$ rotation');
        const running = api.solveRange(editor.document.uri, range, { budget: 256 });
        await waitForEvent(api.onRunEvents, () => true, 'the first events of the run');
        const pids = serverPids();
        assert.equal(pids.length, 1, `one language server process (found ${pids.join(', ') || 'none'})`);
        process.kill(pids[0], 'SIGKILL');
        const result = await running;
        assert.equal(result, undefined, 'the request failed');
        await waitUntil(() => (api.isServerRunning() && serverPids().length === 1 ? true : undefined), 'the language server to run again');
        const states = posted.values.flatMap((m) => (m.type === 'serverState' ? [m.state] : []));
        assert.ok(states.includes('crashed'), `the panel was told of the crash (${states.join(', ')})`);
        assert.equal(states[states.length - 1], 'running');
        assert.ok(
          posted.values.some((m) => m.type === 'runFailed'),
          'the panel was told the run failed',
        );
      } finally {
        posted.dispose();
      }
    },
  },
);

export async function run(): Promise<void> {
  await runSuite('main', tests);
}
