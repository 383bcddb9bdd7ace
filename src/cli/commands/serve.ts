// `ponder serve [--port P] [--host H] [--max-concurrent-runs N]`: the engine behind an OpenAI-compatible
// endpoint, with the same endpoint settings, flags and environment variables as `ponder solve`. Prints
// its base URL first; SIGINT/SIGTERM cancel the runs in progress and stop it.
import { once } from 'node:events';
import { createEngine } from '../../core/index';
import { TOKEN_ENV } from '../../serve/auth';
import { MODEL_IDS } from '../../serve/models';
import { startServe } from '../../serve/server';
import { ENDPOINT_HELP, parseCommand, stderrLogger, UsageError } from '../view/engineCli';

const DEFAULT_MAX_RUNS = 2;

const HELP = `Usage: ponder serve [--port P] [--host 127.0.0.1] [--max-concurrent-runs N]

Serves the engine as an OpenAI-compatible API (docs/serve.md): GET /v1/models lists
${MODEL_IDS.join(', ')}; POST /v1/chat/completions solves the last user message.
Prints the base URL (http://HOST:PORT/v1) as its first line.

  --port P                  port to listen on (default 8430; 0 picks a free port)
  --host H                  address to bind (default 127.0.0.1, this machine only)
  --max-concurrent-runs N   solves at once; more get 429 with Retry-After (default ${DEFAULT_MAX_RUNS})
  --budget N                generations per request when the request's ponder.budget is absent

${TOKEN_ENV}=<token> in the environment makes every request need "Authorization: Bearer <token>".

${ENDPOINT_HELP}`;

export async function run(args: string[]): Promise<number> {
  let command;
  let port = 8430;
  let maxConcurrentRuns = DEFAULT_MAX_RUNS;
  try {
    command = parseCommand(args, { port: { type: 'string' }, host: { type: 'string' }, 'max-concurrent-runs': { type: 'string' } });
    if (command.values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (command.positionals.length) throw new UsageError(`unexpected argument ${command.positionals[0]}; ponder serve takes only options`);
    port = wholeNumber(command.values.port, '--port', port, 0, 65_535);
    maxConcurrentRuns = wholeNumber(command.values['max-concurrent-runs'], '--max-concurrent-runs', maxConcurrentRuns, 1, 1000);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ponder serve: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  const { settings, secrets, values } = command;
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const log = stderrLogger(settings);
  const engine = createEngine(settings, secrets, { log });
  let serve;
  try {
    serve = await startServe(engine, { host, port, maxConcurrentRuns, token: process.env[TOKEN_ENV] || undefined, log });
  } catch (err) {
    process.stderr.write(
      `ponder serve: cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}; pick another --port (0 picks a free one)\n`,
    );
    return 1;
  }
  // The URL must be the first line of stdout: scripts and tests read it to find the port.
  process.stdout.write(serve.url + '\n');
  process.stderr.write(`ponder serve: OpenAI-compatible API at ${serve.url} (policy ${settings.policy.url}); Ctrl-C stops it\n`);
  const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
  await serve.close();
  process.stderr.write(`ponder serve: stopped (${signal})\n`);
  return 0;
}

function wholeNumber(value: string | boolean | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${text}`);
  return Number(text);
}
