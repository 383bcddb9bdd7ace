// `ponder calibrate --eval DIR --out policy.json [--folds 2]`: learns the router's policy file from an
// eval's results (k-fold cross-validation over problems) and prints the held-out comparison.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { calibrate, efficiencyLine, heldOutTable } from '../../eval/calibrate';
import { writeAtomic } from '../../eval/output';

const HELP = `Usage: ponder calibrate --eval DIR --out policy.json [--folds 2] [--seed S] [--json]

  --eval DIR     an output folder of ponder eval (results.jsonl and summary.json)
  --out FILE     the router policy file to write (use it with --policy-file / ponder.router.policyFile)
  --folds K      cross-validation folds over problems (default 2, as the paper)
  --seed S       seed of the folds and the bootstrap (default: the eval's seed)
  --json         print the held-out figures as JSON instead of a table

For each predicted difficulty bin and budget the policy routes to the strategy with the best accuracy (or,
when one as accurate spends at least a quarter fewer generations under adaptive stopping, to that one),
and to its parameters too: variants measured by the eval (ponder eval --strategies
'beam:width=2|4|16') are candidates like any strategy, and a bin that one of them serves best gets a row
with its params.

The learned policy's held-out accuracy is compared with every fixed strategy (each variant counts as
one) at each budget, with a paired bootstrap 95% interval for its difference to the best fixed
strategy; the same figures go into the policy's provenance (heldOut[budget]).`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        eval: { type: 'string' },
        out: { type: 'string' },
        folds: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`ponder calibrate: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const folds = values.folds === undefined ? 2 : Number(values.folds);
  if (!values.eval || !values.out || !Number.isInteger(folds) || folds < 2) {
    process.stderr.write(
      `ponder calibrate: ${!values.eval ? '--eval DIR is required' : !values.out ? '--out FILE is required' : `--folds expects an integer >= 2, got '${values.folds}'`}\n\n${HELP}\n`,
    );
    return 2;
  }
  try {
    const result = calibrate(values.eval, { folds, seed: values.seed });
    mkdirSync(dirname(values.out), { recursive: true });
    writeAtomic(values.out, JSON.stringify(result.policy, null, 2) + '\n');
    if (values.json)
      process.stdout.write(
        JSON.stringify({ policyFile: values.out, heldOut: result.policy.provenance.heldOut, efficiency: result.efficiency }) + '\n',
      );
    else
      process.stdout.write(
        `held-out accuracy % (${folds}-fold cross-validation over problems):\n${heldOutTable(result)}\n${efficiencyLine(result)}\npolicy written to ${values.out}\n`,
      );
    return 0;
  } catch (err) {
    process.stderr.write(`ponder calibrate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
