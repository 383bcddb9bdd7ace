// Reads a request the way the emulated server does: which model answers, and what prompt the model
// sees (rendered through the real chat template when --chat-template is given), back into the
// behaviour model's parts (problem turns and the partial answer to continue).
import { SimHttpError } from '../errors';
import { POLICY_MODEL, VERIFIER_MODEL, type ModelRole } from '../models';
import type { PromptParts, Turn } from '../prompt';
import { countTokens } from '../tokenizer';
import { CHAT_MODEL_ON_COMPLETIONS } from './openai';
import { ChatTemplateError } from './template';
import type { Emulation } from './types';

/** ChatML-like overhead per message when no template renders the prompt (as without --emulate). */
const TOKENS_PER_MESSAGE = 4;

export interface EmulatedPrompt {
  parts: PromptParts;
  promptTokens: number;
}

export function resolveEmulatedModel(emulation: Emulation, model: string | null | undefined, fallback: ModelRole): ModelRole {
  if (model == null || model === '') return fallback;
  if (model === POLICY_MODEL) return 'policy';
  if (model === VERIFIER_MODEL) return 'verifier';
  const refusal = emulation.unknownModel(model);
  if (refusal === null) return fallback;
  throw new SimHttpError(refusal.status, refusal.message, refusal.type, refusal.param);
}

function visible(turns: Turn[]): Turn[] {
  return turns.filter((t) => t.role !== 'system' && t.role !== 'developer');
}

function templateError(err: unknown): never {
  if (err instanceof ChatTemplateError) throw new SimHttpError(400, err.message, 'invalid_request_error', 'messages');
  throw err;
}

/** Chat messages as the server renders them; see types.ts Continuation for the three rules. */
export function emulatedChatPrompt(emulation: Emulation, turns: Turn[], continueFinalMessage: boolean): EmulatedPrompt {
  const last = turns[turns.length - 1];
  const lastIsAssistant = last?.role === 'assistant';
  const mode = emulation.continuation;
  const continuing = lastIsAssistant && (mode === 'prefill' || (mode === 'transformers' && continueFinalMessage));
  const before = continuing ? turns.slice(0, -1) : turns;
  const template = emulation.settings.template;
  if (!template) {
    const promptTokens = turns.reduce((sum, t) => sum + countTokens(t.content) + TOKENS_PER_MESSAGE, 2);
    return { parts: { turns: visible(before), prefix: continuing ? last.content : '' }, promptTokens };
  }
  try {
    if (!continuing) return { parts: { turns: visible(turns), prefix: '' }, promptTokens: countTokens(template.render(turns, true)) };
    if (mode === 'transformers') {
      const { prompt, prefix } = template.continueFinal(turns);
      return { parts: { turns: visible(before), prefix }, promptTokens: countTokens(prompt) };
    }
    // Prefill: the conversation up to the generation prompt, then the partial answer verbatim.
    const prompt = template.render(before, true) + last.content;
    return { parts: { turns: visible(before), prefix: last.content }, promptTokens: countTokens(prompt) };
  } catch (err) {
    return templateError(err);
  }
}

/** A /v1/completions prompt: raw (null: read it as today), a user message (Ollama), or refused (OpenAI). */
export function emulatedCompletionPrompt(emulation: Emulation, prompt: string): EmulatedPrompt | null {
  if (emulation.completions === 'chat-model-404') throw new SimHttpError(404, CHAT_MODEL_ON_COMPLETIONS, 'invalid_request_error', 'model');
  if (emulation.completions === 'raw') return null;
  const turns = [{ role: 'user', content: prompt }];
  const template = emulation.settings.template;
  try {
    const promptTokens = template ? countTokens(template.render(turns, true)) : countTokens(prompt) + 2 * TOKENS_PER_MESSAGE;
    return { parts: { turns, prefix: '' }, promptTokens };
  } catch (err) {
    return templateError(err);
  }
}
