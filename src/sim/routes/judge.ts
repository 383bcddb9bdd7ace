// Judge mode: a chat request to the verifier model asking whether the last step is correct.
// The reply is Yes/No and its top logprobs carry the same score /pooling gives that step:
// e^Yes / (e^Yes + e^No) = score.
import { SimHttpError } from '../errors';
import type { TokenLogprob } from '../output';
import type { RenderedChoice } from '../render';
import { parseJudgeQuestion } from '../verifier-input';
import type { RouteContext } from './context';
import { scoreProvenance } from './provenance';

const MASS_ON_ANSWER = 0.97;
const FILLERS = ['The', 'Step', '**'];

/** The judge's answer, and the header saying whether its score was recorded. */
export function judgeChoice(
  context: RouteContext,
  lastUserMessage: string,
  maxTokens: number,
  topLogprobs: number | null,
): { choice: RenderedChoice; headers: Record<string, string> } {
  const question = parseJudgeQuestion(lastUserMessage);
  if (!question) {
    throw new SimHttpError(
      400,
      'ponder-sim-prm only answers judge questions: the last user message must read "Problem:\\n{problem}\\n\\nSolution so far:\\n{steps}\\n\\nIs the last step (step k) of the solution correct? Answer Yes or No." Use POST /pooling for step scores.',
      'invalid_request_error',
      'messages',
    );
  }
  const scores = context.strict
    ? context.strict.scores(context.sim, question.problem, question.steps)
    : context.sim.scoreSolution(question.steps);
  const score = Math.min(Math.max(scores[scores.length - 1], 1e-6), 1 - 1e-6);
  const yes = Math.log(MASS_ON_ANSWER * score);
  const no = Math.log(MASS_ON_ANSWER * (1 - score));
  const answer = score >= 0.5 ? 'Yes' : 'No';
  const floor = Math.min(yes, no);
  const top = [
    { token: 'Yes', logprob: yes },
    { token: 'No', logprob: no },
    ...FILLERS.map((token, i) => ({ token, logprob: floor - 2 - i })),
  ].sort((a, b) => b.logprob - a.logprob);
  const logprobs: TokenLogprob[] = [
    { token: answer, logprob: answer === 'Yes' ? yes : no, top: top.slice(0, Math.max(topLogprobs ?? 0, 2)) },
  ];
  const choice: RenderedChoice = {
    text: answer,
    tokens: [answer],
    finishReason: maxTokens === 1 ? 'length' : 'stop',
    stopReason: null,
    logprobs: topLogprobs === null ? null : logprobs,
  };
  return { choice, headers: scoreProvenance(context, [question.steps]) };
}
