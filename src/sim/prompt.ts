// Reads a policy prompt (chat messages, or a raw completions prompt in a ChatML or Llama-3
// template, or plain text) into what the behaviour model needs: the problem, the earlier attempts
// (every \boxed{} outside the problem text, in order, except empty or placeholder ones) and the partial answer to continue.
import { boxedAnswers } from './answers';
import { normalizeText, unknownProblem, type Problem, type ProblemBank } from './problems';

export interface Turn {
  role: string;
  content: string;
}

export interface PromptParts {
  /** Non-system turns before the answer being written. */
  turns: Turn[];
  /** The partial assistant answer to continue ('' when a new answer starts). */
  prefix: string;
}

export interface ResolvedPrompt {
  problem: Problem;
  attempts: string[];
  prefix: string;
}

/** Chat messages; the last assistant message is the prefix only with continue_final_message. */
export function chatPromptParts(messages: Turn[], continueFinalMessage: boolean): PromptParts {
  const last = messages[messages.length - 1];
  const continuing = continueFinalMessage && last?.role === 'assistant';
  const turns = (continuing ? messages.slice(0, -1) : messages).filter((m) => m.role !== 'system' && m.role !== 'developer');
  return { turns, prefix: continuing ? last.content : '' };
}

const TEMPLATED_TURN =
  /<\|im_start\|>(\w+)\n([\s\S]*?)(<\|im_end\|>|$)|<\|start_header_id\|>(\w+)<\|end_header_id\|>\n\n([\s\S]*?)(<\|eot_id\|>|$)/g;

/** A raw completions prompt: a ChatML / Llama-3 template, or plain text with an optional "Solution:" marker. */
export function completionPromptParts(prompt: string): PromptParts {
  const turns: Turn[] = [];
  let open: Turn | null = null;
  for (const m of prompt.matchAll(TEMPLATED_TURN)) {
    const turn = { role: m[1] ?? m[4], content: m[2] ?? m[5] };
    const closed = (m[3] ?? m[6]) !== '';
    if (closed) turns.push(turn);
    else open = turn;
  }
  if (turns.length || open) {
    const visible = turns.filter((t) => t.role !== 'system');
    return { turns: visible, prefix: open?.role === 'assistant' ? open.content : '' };
  }
  const marker = [...prompt.matchAll(/(^|\n)(?:Solution|Answer|Response)\s*:[ \t]*\n?/gi)].pop();
  if (!marker || marker.index === undefined) return { turns: [{ role: 'user', content: prompt }], prefix: '' };
  const end = marker.index + marker[0].length;
  return { turns: [{ role: 'user', content: prompt.slice(0, marker.index) }], prefix: prompt.slice(end) };
}

/** Instructions such as "end with \\boxed{answer}" show the format; they are not attempts. */
const PLACEHOLDER = /^(?:(?:your|the|final)\s+)*answer(?:\s+here)?$|^(?:\.\.\.|…)$/i;

function attemptAnswers(text: string): string[] {
  return boxedAnswers(text).filter((a) => !PLACEHOLDER.test(a));
}

/**
 * For an unknown problem: the first user turn, from its "Problem:" label when it has one, up to
 * the earlier attempts and the paragraphs that introduce them, so that a solve prompt and a
 * revision prompt for the same problem name the same problem.
 */
function unknownProblemText(turns: Turn[]): string {
  const user = turns.find((t) => t.role === 'user') ?? turns[0];
  if (!user) return '';
  let paragraphs = user.content.split(/\n\s*\n/);
  const labelled = paragraphs.findIndex((p) => /^\s*Problem\s*:/i.test(p));
  if (labelled >= 0) paragraphs = [paragraphs[labelled].replace(/^\s*Problem\s*:\s*/i, ''), ...paragraphs.slice(labelled + 1)];
  const end = paragraphs.findIndex((p, i) => i > 0 && (/\battempt/i.test(p) || attemptAnswers(p).length > 0));
  return paragraphs.slice(0, end > 0 ? end : paragraphs.length).join('\n\n');
}

export function resolvePrompt(parts: PromptParts, bank: ProblemBank): ResolvedPrompt {
  const context = parts.turns.map((t) => t.content).join('\n\n');
  const found = bank.find(context);
  if (found) {
    const rest = found.normalized.slice(0, found.start) + ' ' + found.normalized.slice(found.end);
    return { problem: found.problem, attempts: attemptAnswers(rest), prefix: parts.prefix };
  }
  const problem = unknownProblem(unknownProblemText(parts.turns));
  const normalized = normalizeText(context);
  const at = problem.key ? normalized.indexOf(problem.key) : -1;
  const rest = at >= 0 ? normalized.slice(0, at) + ' ' + normalized.slice(at + problem.key.length) : normalized;
  return { problem, attempts: attemptAnswers(rest), prefix: parts.prefix };
}
