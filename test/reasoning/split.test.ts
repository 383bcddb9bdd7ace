// The answer part of a reasoning model's output: answers, steps and revision prompts read the final
// solution, never the thinking (a different \boxed{} answer is planted inside it); streamed text with
// inline <think> tags is split as it arrives; the run model keeps each candidate's thinking apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractAnswer } from '../../src/core/grading/index';
import { splitSteps } from '../../src/shared/steps';
import { splitThinking } from '../../src/shared/thinking';
import { isReasoningApiRefusal, looksLikeReasoningModel, ThinkingStream, withOpenedThinking } from '../../src/core/endpoints/reasoning';
import { revisionPrompt } from '../../src/core/prompts';
import { reduceRun } from '../../src/shared/runModel';
import type { SolveEvent } from '../../src/shared/events';
import { SolveView } from '../../src/cli/view/solveView';

const THINKING = 'Let me try. Maybe the answer is \\boxed{5}?\n\nNo: checking again, it is not 5.';
const SOLUTION = 'Step 1: We add 3 and 4.\n\nStep 2: So the total is \\boxed{7}.';
const TAGGED = `<think>\n${THINKING}\n</think>\n\n${SOLUTION}`;

test('the answer comes from the final solution, not from a boxed answer planted in the thinking', () => {
  assert.equal(extractAnswer(TAGGED), '7');
  // DeepSeek-R1 distill templates open <think> in the prompt: the text holds only the closing tag.
  assert.equal(extractAnswer(`${THINKING}\n</think>\n\n${SOLUTION}`), '7');
  // Cut by max_tokens inside the thinking: no answer yet, whatever the thinking entertained.
  assert.equal(extractAnswer(`<think>\n${THINKING}`), null);
  assert.equal(extractAnswer(SOLUTION), '7', 'text without thinking is read as before');
});

test('steps start after the thinking, with offsets into the whole text', () => {
  const steps = splitSteps(TAGGED, '\n\n');
  assert.deepEqual(
    steps.map((s) => s.text),
    ['Step 1: We add 3 and 4.', 'Step 2: So the total is \\boxed{7}.'],
  );
  for (const step of steps) assert.equal(TAGGED.slice(step.start, step.end), step.text);
  assert.deepEqual(splitSteps(`<think>\n${THINKING}`, '\n\n'), [], 'a text cut inside its thinking has no steps');
  assert.deepEqual(splitThinking(TAGGED), { thinking: THINKING, answer: SOLUTION });
});

test('a revision shows earlier attempts as their final solutions, without their thinking', () => {
  const [message] = revisionPrompt('What is 3 + 4?', [TAGGED]);
  assert.ok(message.content.includes(SOLUTION), message.content);
  assert.ok(!message.content.includes('boxed{5}') && !message.content.includes('<think>'), message.content);
});

test('a stream with inline tags is split as it arrives, whatever the delta boundaries', () => {
  for (const size of [1, 2, 3, 7, 1000]) {
    const stream = new ThinkingStream();
    let thinking = '';
    let text = '';
    for (let i = 0; i < TAGGED.length; i += size) {
      const part = stream.push(TAGGED.slice(i, i + size));
      thinking += part.thinking;
      text += part.text;
      assert.ok(!text.includes('<') || text.includes('Step'), `no tag reaches the solution text (delta size ${size}): ${text}`);
    }
    const rest = stream.flush();
    thinking += rest.thinking;
    text += rest.text;
    assert.equal(thinking.trim(), THINKING, `thinking with delta size ${size}`);
    assert.equal(text, SOLUTION, `solution with delta size ${size}`);
  }
  const plain = new ThinkingStream();
  const parts = [plain.push('<'), plain.push('b>bold</b> text'), plain.flush()];
  assert.equal(parts.map((p) => p.text).join(''), '<b>bold</b> text', 'text that only starts like a tag is solution text');
  assert.equal(parts.map((p) => p.thinking).join(''), '');
});

test("OpenAI's refusals of max_tokens and temperature are recognised; other 400s are not", () => {
  const refusal = (param: string, code: string, message: string) => Object.assign(new Error(message), { status: 400, param, code });
  assert.ok(
    isReasoningApiRefusal(
      refusal(
        'max_tokens',
        'unsupported_parameter',
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      ),
    ),
  );
  assert.ok(
    isReasoningApiRefusal(
      refusal(
        'temperature',
        'unsupported_value',
        "Unsupported value: 'temperature' does not support 0.8 with this model. Only the default (1) value is supported.",
      ),
    ),
  );
  assert.ok(!isReasoningApiRefusal(refusal('n', 'invalid_value', 'n must be at most 8')));
  assert.ok(!isReasoningApiRefusal(Object.assign(new Error('overloaded'), { status: 500 })));
  for (const name of ['Qwen/Qwen3-8B', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', 'openai/gpt-oss-20b', 'o3-mini', 'gpt-5'])
    assert.ok(looksLikeReasoningModel(name), name);
  for (const name of ['Qwen/Qwen3-4B-Instruct-2507', 'meta-llama/Llama-3.1-8B-Instruct', 'gpt-4o', 'ponder-sim-policy'])
    assert.ok(!looksLikeReasoningModel(name), name);
});

test("the run model keeps a candidate's thinking apart from its text and steps; a restart drops it; final.thinking is the whole", () => {
  const events: SolveEvent[] = [
    { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 1, strategy: 'majority' },
    { type: 'candidate', t: 1, id: 'a', origin: 'sample' },
    { type: 'delta', t: 2, candidateId: 'a', text: '', thinking: 'Wrong start.' },
    { type: 'delta', t: 3, candidateId: 'a', text: '', restart: true },
    { type: 'delta', t: 4, candidateId: 'a', text: '', thinking: 'Let me ' },
    { type: 'delta', t: 5, candidateId: 'a', text: '', thinking: 'think.' },
    { type: 'delta', t: 6, candidateId: 'a', text: 'Step 1: 7.' },
  ];
  const streaming = reduceRun({ runId: 'r', problem: 'p' }, events).candidates.get('a')!;
  assert.equal(streaming.thinking, 'Let me think.');
  assert.equal(streaming.text, 'Step 1: 7.');
  const done = reduceRun({ runId: 'r', problem: 'p' }, [
    ...events,
    { type: 'step', t: 7, candidateId: 'a', index: 0, text: 'Step 1: 7.' },
    { type: 'final', t: 8, candidateId: 'a', answer: '7', thinking: 'Let me think. Done.' },
  ]).candidates.get('a')!;
  assert.equal(done.thinking, 'Let me think. Done.');
  assert.deepEqual(
    done.steps.map((s) => s.text),
    ['Step 1: 7.'],
  );
});

test("ponder solve's plain view shows a candidate's thinking collapsed to its length, apart from its answer", () => {
  let written = '';
  const out = { isTTY: false, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
  const view = new SolveView(out);
  view.onEvent({ type: 'candidate', t: 1, id: 'c1', origin: 'sample' });
  view.onEvent({ type: 'final', t: 2, candidateId: 'c1', answer: '7', thinking: 'Let me add three and four carefully.' });
  assert.match(written, /c1: 7 \(thought 7 words\)/);
  assert.ok(!written.includes('carefully'), written);
});

test('a prompt that opens <think> (DeepSeek-R1 distills): the text starts as thinking, and a text cut inside it has no answer', () => {
  const opened = `${THINKING}\n</think>\n\n${SOLUTION}`;
  const stream = new ThinkingStream(true);
  const parts = [...opened].map((ch) => stream.push(ch));
  parts.push(stream.flush());
  assert.equal(
    parts
      .map((p) => p.thinking)
      .join('')
      .trim(),
    THINKING,
  );
  assert.equal(parts.map((p) => p.text).join(''), SOLUTION);
  // Cut by max_tokens before </think>: without the restored tag the thinking would read as the solution.
  assert.equal(extractAnswer(THINKING), '5', 'read alone, the thinking has an answer');
  assert.equal(extractAnswer(withOpenedThinking(THINKING, true)), null);
  assert.equal(withOpenedThinking(TAGGED, true), TAGGED, 'a text that opens the tag itself is left as it is');
});
