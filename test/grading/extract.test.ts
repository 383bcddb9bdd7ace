// Extraction of the final answer from whole responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractAnswer } from '../../src/core/grading/index';

test('the last \\boxed{} wins, with nested braces', () => {
  assert.equal(extractAnswer('First $\\boxed{1}$, then $\\boxed{\\frac{1}{\\sqrt{2}}}$.'), '\\frac{1}{\\sqrt{2}}');
  assert.equal(extractAnswer('so \\fbox{42} it is'), '42');
  assert.equal(extractAnswer('The answer is \\boxed 5.'), '5');
});

test('boxes listed together form one answer list; boxes far apart do not', () => {
  assert.equal(extractAnswer('The roots are $\\boxed{1}$ and $\\boxed{-2}$.'), '1, -2');
  assert.equal(extractAnswer('Step 1 gives \\boxed{3}.\n\nAfter checking everything again carefully, the result is \\boxed{4}.'), '4');
});

test('an answer phrase written after the last box is the final word', () => {
  assert.equal(
    extractAnswer('interest is \\boxed{200} so far. Then more work. Final Answer: The final answer is $10,455$. I hope it is correct.'),
    '10,455',
  );
  assert.equal(extractAnswer('Final Answer: The largest $n$ is 34.'), '34');
  assert.equal(extractAnswer('Final Answer: The final answer is $\\boxed{7}$. I hope it is correct.'), '7');
});

test("Llama's '## Step N:' format", () => {
  const response = '## Step 1: Add\n$2 + 3 = 5$\n\n## Step 2: Conclude\nSo the sum is 5.\n\nThe final answer is: $\\boxed{5}$';
  assert.equal(extractAnswer(response), '5');
});

test('math wrappers and bare answers', () => {
  assert.equal(extractAnswer('Answer \\( 9 \\)'), '9');
  assert.equal(extractAnswer('$x = 5$'), 'x = 5');
  assert.equal(extractAnswer('Therefore, the probability that Alice wins the game is 2/3.'), '2/3');
});

test('no answer, unbalanced braces and junk never throw', () => {
  assert.equal(extractAnswer(''), null);
  assert.equal(extractAnswer('I am not sure how to start.'), null);
  assert.equal(extractAnswer('\\boxed{\\frac{1}{2'), '\\frac{1}{2');
  assert.equal(extractAnswer(undefined as unknown as string), null);
});
