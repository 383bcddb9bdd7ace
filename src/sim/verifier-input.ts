// Parses what a verifier is asked to score: vLLM /pooling inputs for Qwen2.5-Math-PRM (`<extra_0>`
// after each step, pairs [p_neg, p_pos]) or Math-Shepherd (`ки`, pairs [p(+), p(-)]), and the
// LLM-judge question sent as a chat message to the verifier model.
import { completionPromptParts } from './prompt';
import { stepTexts } from '../shared/steps';
import { STEP_SEPARATOR } from './model/steps';

export type StepTag = 'qwen' | 'shepherd';

export interface PoolingInput {
  tag: StepTag | null;
  /** Text in which the problem should be found. */
  problemContext: string;
  steps: string[];
}

const QWEN_TAG = '<extra_0>';
const SHEPHERD_TAG = 'ки';

export function parsePoolingInput(input: string): PoolingInput {
  const tag: StepTag | null = input.includes(QWEN_TAG) ? 'qwen' : input.includes(SHEPHERD_TAG) ? 'shepherd' : null;
  if (tag === null) return { tag, problemContext: input, steps: [] };
  const parts = completionPromptParts(input);
  const templated = parts.prefix !== '' || parts.turns.some((t) => t.role === 'assistant');
  if (templated) {
    const answer = parts.prefix || parts.turns.filter((t) => t.role === 'assistant').pop()?.content || '';
    const problemContext = parts.turns
      .filter((t) => t.role === 'user')
      .map((t) => t.content)
      .join('\n\n');
    return { tag, problemContext, steps: stepsBeforeTags(answer, tag) };
  }
  // Untemplated (Math-Shepherd style): "{question} Step 1: ... ки\nStep 2: ... ки". The "Step i:"
  // label belongs to the format, not the step, so a step scores the same as in the Qwen format.
  const pieces = stepsBeforeTags(input, tag);
  const firstStep = pieces[0]?.search(/Step 1\s*:/) ?? -1;
  const question = firstStep > 0 ? pieces[0].slice(0, firstStep) : input;
  if (firstStep > 0) pieces[0] = pieces[0].slice(firstStep);
  return { tag, problemContext: question, steps: pieces.map((p) => p.replace(/^Step \d+\s*:\s*/, '')) };
}

/** The text before each tag (the text after the last tag is template tail, not a step). */
function stepsBeforeTags(text: string, tag: StepTag): string[] {
  const pieces = text.split(tag === 'qwen' ? QWEN_TAG : SHEPHERD_TAG);
  return pieces.slice(0, -1).map((s) => s.trim());
}

export interface JudgeQuestion {
  problem: string;
  /** Steps up to and including the one asked about. */
  steps: string[];
}

const JUDGE =
  /^Problem:\n([\s\S]*?)\n\nSolution so far:\n([\s\S]*)\n\nIs the last step \(step (\d+)\) of the solution correct\? Answer Yes or No\.\s*$/;

/** The judge question `Problem:\n...\n\nSolution so far:\n...\n\nIs the last step (step k) ...`, or null. */
export function parseJudgeQuestion(text: string): JudgeQuestion | null {
  const m = JUDGE.exec(text);
  if (!m) return null;
  const steps = stepTexts(m[2], STEP_SEPARATOR);
  const k = Number(m[3]);
  if (k < 1 || steps.length === 0) return null;
  return { problem: m[1], steps: steps.slice(0, Math.min(k, steps.length)) };
}
