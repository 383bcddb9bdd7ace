// The one async queue (src/core/asyncQueue.ts): a run's events in the engine, token spans in the simulator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsyncQueue } from '../../src/core/asyncQueue';

async function drain<T>(queue: AsyncQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

test('items pushed before and while the consumer listens arrive once each, in order, then the end', async () => {
  const queue = new AsyncQueue<number>();
  queue.push(1);
  queue.push(2);
  const received = drain(queue);
  await new Promise((resolve) => setImmediate(resolve)); // the consumer now waits on an empty queue
  queue.push(3);
  queue.push(0); // falsy items are items too
  queue.close();
  queue.push(4); // after close: ignored
  assert.deepEqual(await received, [1, 2, 3, 0]);
});

test('fail ends the consumer with the error at its next read', async () => {
  const queue = new AsyncQueue<string>();
  const received: string[] = [];
  const consumed = (async () => {
    for await (const item of queue) {
      received.push(item);
      if (item === 'a') queue.fail(new Error('the stream broke'));
    }
  })();
  queue.push('a');
  queue.push('b');
  await assert.rejects(consumed, /the stream broke/);
  assert.deepEqual(received, ['a']);
});

test('a second consumer is refused, since it would silently miss items', () => {
  const queue = new AsyncQueue<number>();
  void queue[Symbol.asyncIterator]();
  assert.throws(() => queue[Symbol.asyncIterator](), /iterated only once/);
});

test('a consumer that stops early gets nothing more, even if the producer goes on', async () => {
  const queue = new AsyncQueue<number>();
  queue.push(0);
  queue.push(1);
  const reader = queue[Symbol.asyncIterator]();
  assert.deepEqual(await reader.next(), { value: 0, done: false });
  await reader.return?.();
  queue.push(2);
  assert.deepEqual(await reader.next(), { value: undefined, done: true });
});
