// Every prompt Ponder sends. The simulator (src/sim) reads these shapes, so change them together.
import type { ChatMessage } from './endpoints/templates';
import { splitThinking } from '../shared/thinking';

export const SOLVE_INSTRUCTIONS =
  'Solve the following math problem step by step. Separate the steps with a blank line, and end with the final answer in the form \\boxed{answer}.';

/** The policy's prompt: the problem verbatim, steps separated by a blank line, answer in \boxed{}. */
export function solvePrompt(problem: string): ChatMessage[] {
  return [{ role: 'user', content: `${SOLVE_INSTRUCTIONS}\n\nProblem:\n${problem}` }];
}

/**
 * A revision: the problem and earlier attempts of the chain (oldest first, the attempt being revised
 * last), each in full, and a request for a corrected solution in the same format. An attempt is its
 * final solution: a reasoning model's thinking is left out (it would crowd the context and is not
 * what gets revised).
 */
export function revisionPrompt(problem: string, attempts: readonly string[]): ChatMessage[] {
  const shown = attempts.map((text, i) => `Attempt ${i + 1}:\n${splitThinking(text).answer.trim()}`).join('\n\n---\n\n');
  return [
    {
      role: 'user',
      content:
        `${SOLVE_INSTRUCTIONS}\n\nProblem:\n${problem}\n\n` +
        `Earlier attempts at this problem follow; they may contain mistakes. The last one is the attempt to revise.\n\n${shown}\n\n---\n\n` +
        'Write a corrected solution from the beginning: check each step of the last attempt, fix any mistake, separate the steps with a blank line, and end with the final answer in the form \\boxed{answer}.',
    },
  ];
}

/** The llm-judge verifier's question about step k (1-based) given the steps so far. */
export function judgePrompt(problem: string, steps: readonly string[]): string {
  const k = steps.length;
  return `Problem:\n${problem}\n\nSolution so far:\n${steps.join('\n\n')}\n\nIs the last step (step ${k}) of the solution correct? Answer Yes or No.`;
}

export const QWEN_PRM_SYSTEM = 'Please reason step by step, and put your final answer within \\boxed{}.';

/** Qwen2.5-Math-PRM input: its chat template with `<extra_0>` after every step. */
export function qwenPrmInput(problem: string, steps: readonly string[]): string {
  const assistant = steps.map((s) => s + '<extra_0>').join('');
  return (
    `<|im_start|>system\n${QWEN_PRM_SYSTEM}<|im_end|>\n` +
    `<|im_start|>user\n${problem}<|im_end|>\n` +
    `<|im_start|>assistant\n${assistant}<|im_end|>\n`
  );
}

export const MATH_SHEPHERD_TAG = 'ки';

/** Math-Shepherd input: the question, then "Step i: ..." lines each followed by the tag `ки`. */
export function mathShepherdInput(problem: string, steps: readonly string[]): string {
  return `${problem} ${steps.map((s, i) => `Step ${i + 1}: ${s.replaceAll(MATH_SHEPHERD_TAG, '')} ${MATH_SHEPHERD_TAG}`).join('\n')}`;
}
