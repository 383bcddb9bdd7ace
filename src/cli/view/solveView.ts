// The live terminal view of `ponder solve`: a budget bar, the candidates and the votes, redrawn in
// place on a TTY; plain lines (one per notable event) otherwise.
import type { SolveEvent, Usage } from '../../shared/events';
import { stopText } from '../../shared/stopText';
import { groupAnswers } from '../../core/grading/index';

interface CandidateView {
  answer: string | null | undefined;
  score?: number;
  pruned: boolean;
  /** Thinking now: a reasoning policy's thinking has streamed and its solution has not started. */
  thinking: boolean;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export class SolveView {
  private budget = 0;
  private strategy = '';
  private routeLine = '';
  private difficultyLine = '';
  private usage: Usage | null = null;
  private readonly candidates = new Map<string, CandidateView>();
  private readonly warnings: string[] = [];
  private drawnLines = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly live = Boolean(out.isTTY),
  ) {}

  onEvent(event: SolveEvent): void {
    switch (event.type) {
      case 'started':
        this.budget = event.budget;
        this.strategy = event.strategy;
        this.line(`ponder: solving with ${event.strategy} at a budget of ${event.budget} generations`);
        break;
      case 'difficulty':
        this.difficultyLine = `difficulty: bin ${event.bin} (${event.signal} ${event.value.toFixed(2)}, probe of ${event.probe.length})`;
        this.line(this.difficultyLine);
        break;
      case 'route':
        this.strategy = event.strategy;
        this.routeLine = `route: ${event.strategy} ${formatParams(event.params)}\n  ${event.reason}`;
        this.line(this.routeLine);
        break;
      case 'candidate':
        if (event.origin !== 'lookahead-rollout') this.candidates.set(event.id, { answer: undefined, pruned: false, thinking: false });
        break;
      case 'score': {
        const c = this.candidates.get(event.candidateId);
        if (c) c.score = event.score;
        break;
      }
      case 'pruned': {
        const c = this.candidates.get(event.candidateId);
        if (c) c.pruned = true;
        break;
      }
      case 'final': {
        const c = this.candidates.get(event.candidateId);
        if (c) {
          c.answer = event.answer;
          if (event.score !== undefined) c.score = event.score;
        }
        const score = event.score === undefined ? '' : ` score ${event.score.toFixed(2)}`;
        const accepted = event.accepted === undefined ? '' : event.accepted ? ' (accepted)' : ' (rejected)';
        // A reasoning policy's thinking stays collapsed to its length; --json carries it whole (final.thinking).
        const thought = event.thinking ? ` (thought ${event.thinking.split(/\s+/).length} words)` : '';
        this.line(`  ${event.candidateId}: ${event.answer ?? '(no answer)'}${score}${accepted}${thought}`);
        break;
      }
      case 'usage':
        this.usage = event;
        break;
      case 'error':
        this.warnings.push(event.message);
        this.line(`${event.fatal ? 'error' : 'warning'}: ${event.message}`);
        break;
      case 'result':
        this.usage = event.usage;
        this.stop();
        this.draw(true);
        this.out.write(this.resultText(event));
        break;
      case 'delta': {
        const c = this.candidates.get(event.candidateId);
        if (c && (event.thinking || event.text)) c.thinking = !event.text;
        break;
      }
      case 'step':
        break;
      default: {
        const never: never = event;
        void never;
      }
    }
    if (this.live && !this.timer && event.type !== 'result') {
      this.timer = setInterval(() => this.draw(false), REDRAW_MS);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private line(text: string): void {
    if (!this.live) this.out.write(text + '\n');
  }

  /** Redraws the status block in place (TTY only). */
  private draw(final: boolean): void {
    if (!this.live) return;
    const lines = [
      this.difficultyLine,
      this.routeLine,
      this.budgetLine(),
      this.candidatesLine(),
      ...this.voteLines(),
      ...this.warnings.slice(-3).map((w) => `warning: ${w}`),
    ]
      .filter(Boolean)
      .flatMap((l) => l.split('\n'))
      .map((l) => l.slice(0, (this.out.columns || 100) - 1));
    let text = this.drawnLines ? `\x1b[${this.drawnLines}F\x1b[J` : '';
    text += lines.join('\n') + '\n';
    this.out.write(text);
    this.drawnLines = final ? 0 : lines.length;
  }

  private budgetLine(): string {
    const used = this.usage?.generations ?? 0;
    const filled = this.budget ? Math.round((used / this.budget) * BAR_WIDTH) : 0;
    const u = this.usage;
    const extra = u
      ? ` · ${u.requests} requests · ${u.tokens} tokens · ${u.verifierCalls} verifier calls${u.failedGenerations ? ` · ${u.failedGenerations} failed` : ''}`
      : '';
    return `budget [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${used}/${this.budget} generations${extra}`;
  }

  private candidatesLine(): string {
    const all = [...this.candidates.values()];
    const done = all.filter((c) => c.answer !== undefined).length;
    const pruned = all.filter((c) => c.pruned).length;
    const thinking = all.filter((c) => c.thinking && c.answer === undefined).length;
    const open = `${all.length - done - pruned} open${thinking ? `, ${thinking} thinking` : ''}`;
    return `candidates: ${all.length} (${done} finished, ${pruned} pruned, ${open}) · ${this.strategy}`;
  }

  private voteLines(): string[] {
    const finished = [...this.candidates.values()].filter((c) => c.answer !== undefined);
    if (!finished.length) return [];
    const groups = groupAnswers(finished.map((c) => c.answer ?? null))
      .map((g) => ({ answer: g.answer, count: g.members.length, weight: g.members.reduce((w, i) => w + (finished[i].score ?? 0), 0) }))
      .sort((a, b) => b.count - a.count || b.weight - a.weight)
      .slice(0, 4);
    return ['answers: ' + groups.map((g) => `${g.answer} (${g.count}${g.weight ? `, w ${g.weight.toFixed(2)}` : ''})`).join(' · ')];
  }

  private resultText(event: Extract<SolveEvent, { type: 'result' }>): string {
    const votes = event.votes
      .slice(0, 5)
      .map((v) => `  ${v.answer}: weight ${round(v.weight)}, ${v.count} vote(s)`)
      .join('\n');
    const partial = event.partial ? ' (partial)' : '';
    const u = event.usage;
    return (
      `${votes ? `votes:\n${votes}\n` : ''}` +
      `answer${partial}: ${event.answer ?? '(none)'}\n` +
      `used ${u.generations}/${this.budget} generations (${u.failedGenerations} failed), ${u.requests} requests, ${u.tokens} tokens, ${u.verifierCalls} verifier calls in ${(event.elapsedMs / 1000).toFixed(1)} s\n` +
      (event.stopped?.reason === 'settled' || event.stopped?.reason === 'low-gain' ? `${stopText(event.stopped)}\n` : '')
    );
  }
}

function formatParams(params: Record<string, number | string | boolean>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
