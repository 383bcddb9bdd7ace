// Real chat templates (--chat-template NAME), read at run time from ../shared/data/chat-templates
// (never copied into the repository) and rendered with @huggingface/jinja, as servers render them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Template } from '@huggingface/jinja';

export interface TemplateMessage {
  role: string;
  content: string;
}

export class ChatTemplateError extends Error {}

/** Special tokens a template may print (the tokenizer's bos_token / eos_token for that family). */
const SPECIAL_TOKENS: Array<[RegExp, string, string]> = [
  [/llama-3|Llama-3/, '<|begin_of_text|>', '<|eot_id|>'],
  [/DeepSeek-R1/, '<｜begin▁of▁sentence｜>', '<｜end▁of▁sentence｜>'],
  [/gemma/i, '<bos>', '<eos>'],
  [/Mistral|mistral/, '<s>', '</s>'],
  [/Phi-3/, '<s>', '<|endoftext|>'],
  [/granite/i, '', '<|end_of_text|>'],
  [/gpt-oss/, '<|startoftext|>', '<|return|>'],
  [/Qwen|QwQ|SmolLM/, '', '<|im_end|>'],
];

/** The folder of real templates, found from the repository root (the folder holding package.json). */
export function chatTemplateFolder(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, '..', 'shared', 'data', 'chat-templates');
  }
  return join(process.cwd(), '..', 'shared', 'data', 'chat-templates');
}

export class ChatTemplate {
  private readonly template: Template;
  readonly bosToken: string;
  readonly eosToken: string;
  /** gpt-oss's harmony format: its channels cannot hold a continued partial message. */
  readonly harmony: boolean;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.template = new Template(source);
    const special = SPECIAL_TOKENS.find(([pattern]) => pattern.test(name));
    this.bosToken = special?.[1] ?? '';
    this.eosToken = special?.[2] ?? '';
    this.harmony = source.includes('<|channel|>');
  }

  /** NAME (a file in the templates folder, without .jinja) or a path to a .jinja file. */
  static load(nameOrPath: string): ChatTemplate {
    const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.jinja');
    const path = isPath ? nameOrPath : join(chatTemplateFolder(), `${nameOrPath}.jinja`);
    if (!existsSync(path)) {
      throw new ChatTemplateError(
        `no chat template ${nameOrPath} (looked for ${path}); pass a file name from ${chatTemplateFolder()} without .jinja`,
      );
    }
    const name = isPath ? path.replace(/^.*\//, '').replace(/\.jinja$/, '') : nameOrPath;
    return new ChatTemplate(name, readFileSync(path, 'utf8'));
  }

  /** Renders messages; template errors (raise_exception, unsupported roles) become ChatTemplateError. */
  render(messages: TemplateMessage[], addGenerationPrompt: boolean): string {
    try {
      return this.template.render({
        messages,
        add_generation_prompt: addGenerationPrompt,
        bos_token: this.bosToken,
        eos_token: this.eosToken,
        tools: null,
        documents: null,
      });
    } catch (err) {
      throw new ChatTemplateError(`chat template ${this.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * transformers' apply_chat_template with continue_final_message=True (src/transformers/
   * tokenization_utils_base.py, apply_chat_template): render the whole conversation without a
   * generation prompt, find the final message's stripped content with rindex, and cut right after
   * it: after content.lstrip() when the template kept the content verbatim, else after
   * content.strip() (templates that `| trim` lose the trailing whitespace). Returns the prompt and
   * the final message as it survives in it.
   */
  continueFinal(messages: TemplateMessage[]): { prompt: string; prefix: string } {
    if (this.harmony) {
      throw new ChatTemplateError(`chat template ${this.name} uses the harmony format, which cannot continue a partial assistant message`);
    }
    const rendered = this.render(messages, false);
    const final = messages[messages.length - 1].content;
    const stripped = final.trim();
    const at = rendered.lastIndexOf(stripped);
    if (at < 0 || stripped === '') {
      throw new ChatTemplateError(
        'continue_final_message is set but the final message does not appear in the chat after applying the chat template! This can happen if the chat template deletes portions of the final message.',
      );
    }
    const lstripped = final.replace(/^\s+/, '');
    const verbatim = rendered.slice(at, at + lstripped.length) === final;
    const end = at + (verbatim ? lstripped.length : stripped.length);
    return { prompt: rendered.slice(0, end), prefix: rendered.slice(at, end) };
  }
}
