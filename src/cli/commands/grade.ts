// `ponder grade`: decides whether answers are mathematically equivalent, one pair from flags or
// many from a JSONL file. A prediction may be a whole model response: its final answer is extracted.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { extractAnswer, gradeAnswer, normalizeAnswer } from '../../core/grading/index';
import { jsonlLines } from '../../core/jsonl';

const HELP = `Usage:
  ponder grade --gold G --pred P      prints true or false
  ponder grade --pairs F.jsonl        one JSON verdict per non-blank line of F

Each line of F is {"gold": "...", "pred": "..."}; pred may be a whole model response (its final
answer is extracted). Output lines: {"equal": bool, "gold": <normalised>, "pred": <normalised or null>},
with "exhausted": true when grading spent its work budget before deciding, or {"equal": false, "error": "..."} for a bad line.`;

const PairSchema = z.object({ gold: z.string(), pred: z.string() });

interface PairVerdict {
  equal: boolean;
  gold?: string;
  pred?: string | null;
  exhausted?: true;
  error?: string;
}

export function gradePair(gold: string, pred: string): PairVerdict {
  const answer = extractAnswer(pred);
  const verdict = answer === null ? { equal: false } : gradeAnswer(gold, answer);
  const out: PairVerdict = { equal: verdict.equal, gold: normalizeAnswer(gold), pred: answer === null ? null : normalizeAnswer(answer) };
  if ('exhausted' in verdict && verdict.exhausted) out.exhausted = true;
  return out;
}

function usageError(message: string): number {
  process.stderr.write(`ponder grade: ${message}\n\n${HELP}\n`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  let values: { gold?: string; pred?: string; pairs?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { gold: { type: 'string' }, pred: { type: 'string' }, pairs: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (values.pairs !== undefined) {
    if (values.gold !== undefined || values.pred !== undefined) return usageError('use either --pairs or --gold/--pred, not both');
    return gradeFile(values.pairs);
  }
  if (values.gold === undefined || values.pred === undefined) {
    return usageError(values.gold === undefined ? 'missing --gold (or use --pairs F.jsonl)' : 'missing --pred');
  }
  process.stdout.write(`${gradePair(values.gold, values.pred).equal}\n`);
  return 0;
}

function gradeFile(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    process.stderr.write(`ponder grade: cannot read ${path} (${reason}); pass a JSONL file of {"gold", "pred"} lines\n`);
    return 1;
  }
  const out: string[] = [];
  for (const entry of jsonlLines(text, PairSchema, '{"gold": string, "pred": string}')) {
    const verdict: PairVerdict = entry.ok
      ? gradePair(entry.value.gold, entry.value.pred)
      : { equal: false, error: `line ${entry.line}: ${entry.problem}` };
    out.push(JSON.stringify(verdict));
  }
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
  return 0;
}
