// A watching suite: while the driver uses the workbench like a person, it streams every message the
// extension posts to the panel to the driver, until the driver releases it.
import { streamer, watchUntilReleased } from './runner';
import { ponder } from './util';

export async function run(): Promise<void> {
  const api = await ponder();
  const send = streamer('observer');
  const subscription = api.onDidPostMessage((message) => send(message));
  try {
    await watchUntilReleased('observer', () => null);
  } finally {
    subscription.dispose();
  }
}
