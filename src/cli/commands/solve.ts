// `ponder solve "<problem>" | --file F [--budget N] [--strategy S] [--json]`: runs the engine on one
// problem with a live terminal view, or NDJSON events on stdout with --json. Ctrl-C prints the
// partial result and exits within a second.
import { readFileSync } from 'node:fs';
import { createEngine } from '../../core/index';
import { SolveView } from '../view/solveView';
import { ENDPOINT_HELP, parseCommand, stderrLogger, UsageError } from '../view/engineCli';

const HELP = `Usage: ponder solve "<problem>" | --file F [--budget N] [--strategy S] [--seed S] [--json]

  --budget N        generations to spend (default 16)
  --strategy S      auto (default), majority, best-of-n, weighted-best-of-n, beam, lookahead, revisions
  --file F          read the problem from a file
  --seed S          run seed (a whole number): requests carry seeds derived from it, so the same
                    command against the same seeded server gives the same run
  --json            NDJSON events on stdout (started first, result or fatal error last)

${ENDPOINT_HELP}`;

export async function run(args: string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(args, { json: { type: 'boolean' }, file: { type: 'string' }, seed: { type: 'string' } });
    if (command.values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (command.positionals.length > 1) throw new UsageError('give the problem as one quoted argument');
    if (command.positionals.length && command.values.file) throw new UsageError('give the problem as an argument or with --file, not both');
    if (command.values.seed !== undefined && !/^\d{1,15}$/.test(String(command.values.seed)))
      throw new UsageError(`--seed must be a whole number >= 0, got ${String(command.values.seed)}`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ponder solve: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, settings, secrets } = command;
  let problem = command.positionals[0];
  if (typeof values.file === 'string') {
    try {
      problem = readFileSync(values.file, 'utf8');
    } catch (err) {
      process.stderr.write(`ponder solve: cannot read --file ${values.file}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
  }
  if (!problem?.trim()) {
    process.stderr.write(`ponder solve: no problem given\n\n${HELP}\n`);
    return 2;
  }
  const json = values.json === true;
  const engine = createEngine(settings, secrets, { log: stderrLogger(settings) });
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130); // a second Ctrl-C does not wait
    interrupted = true;
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const run = engine.solve({ problem, signal: controller.signal, ...(seed === undefined ? {} : { seed }) });
  const view = json ? null : new SolveView(process.stdout);
  try {
    for await (const event of run) {
      if (json) process.stdout.write(JSON.stringify(event) + '\n');
      else view!.onEvent(event);
    }
    const result = await run.result;
    if (interrupted) {
      // Whatever is left (closed sockets, timers) must not hold the exit past the promised second.
      await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
      process.exit(130);
    }
    if (result.error) {
      if (!json) process.stderr.write(`ponder solve: ${result.error}\n`);
      return 1;
    }
    return 0;
  } finally {
    view?.stop();
    process.off('SIGINT', onSigint);
  }
}
