// `ponder score-steps --problem P --solution-file F [--json]`: the verifier's score for every step.
import { readFileSync } from 'node:fs';
import { createEngine } from '../../core/index';
import { ENDPOINT_HELP, parseCommand, stderrLogger, UsageError } from '../view/engineCli';

const HELP = `Usage: ponder score-steps --problem P --solution-file F [--json]

  --problem P          the problem text (or --problem-file F)
  --solution-file F    the solution, steps separated by blank lines
  --json               print {steps:[{index,text,start,end,score}], firstLowStep} as JSON

${ENDPOINT_HELP}`;

export async function run(args: string[]): Promise<number> {
  let command;
  let problem: string;
  let solution: string;
  try {
    command = parseCommand(args, {
      json: { type: 'boolean' },
      problem: { type: 'string' },
      'problem-file': { type: 'string' },
      'solution-file': { type: 'string' },
    });
    if (command.values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    const { values } = command;
    problem =
      typeof values.problem === 'string'
        ? values.problem
        : typeof values['problem-file'] === 'string'
          ? read(values['problem-file'], '--problem-file')
          : '';
    if (!problem.trim()) throw new UsageError('--problem (or --problem-file) is required');
    if (typeof values['solution-file'] !== 'string') throw new UsageError('--solution-file is required');
    solution = read(values['solution-file'], '--solution-file');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ponder score-steps: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  const { settings, secrets, values } = command;
  if (settings.verifier.kind === 'none') {
    process.stderr.write(
      'ponder score-steps: no verifier is configured; set --verifier-kind (vllm-pooling or llm-judge) and --verifier-url\n',
    );
    return 2;
  }
  const engine = createEngine(settings, secrets, { log: stderrLogger(settings) });
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onSigint);
  try {
    const result = await engine.scoreSteps({ problem, solution, signal: controller.signal });
    if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      for (const step of result.steps) {
        const flag = step.index === result.firstLowStep ? '  <- first low step' : '';
        const preview = step.text.replace(/\s+/g, ' ').slice(0, 70);
        process.stdout.write(`step ${step.index + 1}  ${step.score.toFixed(3)}  ${preview}${flag}\n`);
      }
      if (result.steps.length === 0) process.stdout.write('the solution has no steps\n');
    }
    return 0;
  } catch (err) {
    process.stderr.write(
      `ponder score-steps: ${controller.signal.aborted ? 'interrupted' : err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function read(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${flag} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
