// When a run had to work around what the endpoints can do (`route.workarounds`), the user is told once:
// one notification per run, and never the same message twice in a session. Pure (no vscode import):
// main.ts shows what `consider` returns through the notification module.
import type { SolveEvent } from '../shared/events';

/** Longest workaround text a notification shows; the rest is in the panel and in Check Endpoints. */
const BRIEF_CHARS = 160;

/** The first clause of a workaround sentence, capped, without a trailing full stop. */
export function briefWorkaround(sentence: string): string {
  const clause = sentence
    .split('; ')[0]
    .trim()
    .replace(/[.;,]+$/, '');
  return clause.length <= BRIEF_CHARS ? clause : `${clause.slice(0, BRIEF_CHARS - 1).trimEnd()}…`;
}

export function workaroundMessage(workarounds: readonly string[]): string {
  const more = workarounds.length > 1 ? ` (and ${workarounds.length - 1} more in the panel)` : '';
  return `Ponder worked around the endpoints: ${briefWorkaround(workarounds[0])}${more}.`;
}

export class WorkaroundNotices {
  private readonly notifiedRuns = new Set<string>();
  private readonly shownMessages = new Set<string>();

  /** The message to show for this batch of a run's events, or undefined (nothing new, or already said). */
  consider(runId: string, events: readonly SolveEvent[]): string | undefined {
    if (this.notifiedRuns.has(runId)) return undefined;
    const route = events.find((e) => e.type === 'route');
    if (route?.type !== 'route' || !route.workarounds?.length) return undefined;
    this.notifiedRuns.add(runId);
    const message = workaroundMessage(route.workarounds);
    if (this.shownMessages.has(message)) return undefined;
    this.shownMessages.add(message);
    return message;
  }
}
