// A deterministic stand-in for a BPE tokenizer: words (with their leading space), up to three
// digits, runs of newlines, single whitespace, and any other single character. Joining the tokens
// gives back the text exactly, so usage counts, logprob tokens and max_tokens all agree. A reasoning
// model's <think> and </think> are one token each, as in Qwen3's and DeepSeek-R1's vocabularies.
const TOKEN = /<\/?think>| ?[A-Za-z]+| ?\d{1,3}|\n+|\s|[^]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}
