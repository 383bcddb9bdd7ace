// The `ponder` command line: one module per command in ./commands, each exporting `run(args)`.
import { COMMANDS, type CommandName } from './commands/index';
import packageJson from '../../package.json';

const USAGE = `ponder: compute-optimal test-time compute for math problems

Usage: ponder <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run 'ponder <command> --help' for a command's options.
Endpoints come from flags (--policy-url, --policy-model, --verifier-kind, --verifier-url, --verifier-model),
the environment (PONDER_POLICY_URL, PONDER_POLICY_MODEL, PONDER_VERIFIER_KIND, PONDER_VERIFIER_URL,
PONDER_VERIFIER_MODEL; keys in PONDER_API_KEY and PONDER_VERIFIER_API_KEY) or --config FILE (JSON, the
ponder.* settings).`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (!(name in COMMANDS)) {
    process.stderr.write(`ponder: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  const command = await COMMANDS[name as CommandName].load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ponder: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
