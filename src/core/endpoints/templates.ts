// Chat templates for the `completions` continuation mode: the chat is rendered into one raw prompt
// and the partial answer is appended, so any /v1/completions server can continue it.
import { checkSetting, settingDefinition } from '../../shared/settings';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const CHATML = (m: ChatMessage) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;
const LLAMA3 = (m: ChatMessage) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content}<|eot_id|>`;

/**
 * Renders `messages` (without the assistant's partial answer) and opens the assistant turn.
 * `template` is `chatml`, `llama3`, or a string with `{system}` and `{user}` placeholders whose end
 * is where the assistant's text goes (e.g. "### System\n{system}\n### Problem\n{user}\n### Solution\n").
 */
export function renderChatPrompt(template: string, messages: ChatMessage[]): string {
  if (template === 'chatml') return messages.map(CHATML).join('') + '<|im_start|>assistant\n';
  // No <|begin_of_text|>: every server adds the tokenizer's BOS to a raw prompt itself, and a second one hurts.
  if (template === 'llama3') return messages.map(LLAMA3).join('') + '<|start_header_id|>assistant<|end_header_id|>\n\n';
  const problems = validateTemplate(template);
  if (problems) throw new Error(problems);
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const user = messages
    .filter((m) => m.role !== 'system')
    .map((m) => m.content)
    .join('\n\n');
  return template.replaceAll('{system}', system).replaceAll('{user}', user);
}

/** A message saying what is wrong with a custom template, or null when it is usable. */
export function validateTemplate(template: string): string | null {
  const checked = checkSetting(settingDefinition('policy.chatTemplate'), template);
  return checked.ok ? null : checked.problem;
}
