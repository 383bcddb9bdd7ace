// What the panel was told about a run: its events, from live `runEvents` messages and `restoreRuns`
// snapshots. Pure, so both the driver and the extension-host tests use it.
import type { SolveEvent } from '../../../src/shared/events';
import type { ToWebview } from '../../../src/shared/messages';

export function panelEvents(messages: readonly ToWebview[], runId: string): SolveEvent[] {
  let events: SolveEvent[] = [];
  for (const message of messages) {
    if (message.type === 'runEvents' && message.runId === runId) events.push(...message.events);
    if (message.type === 'restoreRuns') {
      const snapshot = message.runs.find((r) => r.header.runId === runId);
      if (snapshot) events = [...snapshot.events];
    }
  }
  return events;
}

export function hasResult(messages: readonly ToWebview[], runId: string): boolean {
  return panelEvents(messages, runId).some((e) => e.type === 'result');
}
