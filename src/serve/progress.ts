// The run's progress as reasoning text, one line per notable event: the start, the probe's difficulty,
// the route, each candidate finishing, pruning, warnings and the final votes. Chat clients show it as
// the model's "thinking" (`reasoning_content`). Token-level deltas are not repeated here: a run streams
// many candidates at once, and interleaved they would read as noise.
import type { SolveEvent, Vote } from '../shared/events';

const VOTES_SHOWN = 5;

/** The reasoning text for one event, or null when the event is not worth a line. */
export function progressLine(event: SolveEvent): string | null {
  switch (event.type) {
    case 'started':
      return `Solving with ${event.strategy === 'auto' ? 'the router' : event.strategy} at a budget of ${event.budget} generations.\n`;
    case 'difficulty':
      return `Difficulty: bin ${event.bin} of 5 (${event.signal} ${event.value.toFixed(2)}, from a probe of ${event.probe.length}).\n`;
    case 'route': {
      const params = Object.entries(event.params).map(([k, v]) => `${k}=${v}`);
      return `Route: ${event.strategy}${params.length ? ` (${params.join(', ')})` : ''}. ${event.reason}\n`;
    }
    case 'final': {
      const score = event.score === undefined ? '' : `, score ${event.score.toFixed(2)}`;
      return `- ${event.candidateId} finished: ${event.answer ?? 'no answer'}${score}\n`;
    }
    case 'pruned':
      return `- ${event.candidateId} pruned in round ${event.round}\n`;
    case 'error':
      return event.fatal ? null : `Warning: ${event.message}\n`;
    case 'result':
      return votesText(event.votes);
    case 'candidate':
    case 'delta':
    case 'step':
    case 'score':
    case 'usage':
      return null;
    default: {
      const never: never = event;
      return never;
    }
  }
}

function votesText(votes: Vote[]): string {
  if (!votes.length) return 'Votes: none (no candidate gave an answer).\n';
  const shown = [...votes]
    .sort((a, b) => b.weight - a.weight || b.count - a.count)
    .slice(0, VOTES_SHOWN)
    .map((v) => `${v.answer} (${v.count} vote${v.count === 1 ? '' : 's'}, weight ${round(v.weight)})`);
  return `Votes: ${shown.join('; ')}${votes.length > VOTES_SHOWN ? `; ${votes.length - VOTES_SHOWN} more` : ''}.\n`;
}

const round = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(3));
