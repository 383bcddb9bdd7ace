// `ponder sim`: serves the simulated policy and verifier until SIGTERM/SIGINT.
import { once } from 'node:events';
import { parseSimOptions, SimOptionError, simHelp } from '../../sim/options';
import { startSimServer } from '../../sim/server';
import { replayBanner } from '../../sim/strict-replay';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(simHelp() + '\n');
    return 0;
  }
  let options;
  try {
    options = parseSimOptions(args);
  } catch (err) {
    if (err instanceof SimOptionError) {
      process.stderr.write(`ponder sim: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let sim;
  try {
    sim = await startSimServer(options);
  } catch (err) {
    process.stderr.write(`ponder sim: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  // The URL must be the first line of stdout: scripts and tests read it to find the port.
  process.stdout.write(sim.url + '\n');
  const sources = [options.problems && `problems from ${options.problems}`, options.replay && `replay of ${options.replay}`].filter(
    Boolean,
  );
  process.stderr.write(`ponder sim: simulated policy and verifier at ${sim.url}${sources.length ? ` (${sources.join(', ')})` : ''}\n`);
  if (options.replay) process.stderr.write(`ponder sim: ${replayBanner(options.strict, options.shuffle)}\n`);
  const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
  await sim.close();
  process.stderr.write(`ponder sim: stopped (${signal})\n`);
  return 0;
}
