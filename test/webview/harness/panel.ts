// Test-side helpers that talk to the panel in the harness page like the extension does.
import type { Page } from 'playwright-core';
import type { SolveEvent } from '../../../src/shared/events';
import type { RunHeader } from '../../../src/shared/messages';
import type { HarnessWindow } from './server';

/** Sends `runStarted` and the events in `runEvents` batches, yielding a frame every few batches. */
export async function sendRun(
  page: Page,
  header: RunHeader,
  events: readonly SolveEvent[],
  options: { batch?: number; framesEvery?: number } = {},
): Promise<void> {
  await page.evaluate(
    async ({ header, events, batch, framesEvery }) => {
      const h = (window as unknown as HarnessWindow).__harness;
      h.send({ type: 'runStarted', header });
      for (let i = 0, n = 0; i < events.length; i += batch, n++) {
        h.send({ type: 'runEvents', runId: header.runId, events: events.slice(i, i + batch) });
        if (framesEvery > 0 && n % framesEvery === framesEvery - 1) await h.frame();
      }
      await h.frame();
    },
    { header, events: events as SolveEvent[], batch: options.batch ?? 60, framesEvery: options.framesEvery ?? 0 },
  );
}

export async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate(async (m) => {
    const h = (window as unknown as HarnessWindow).__harness;
    h.send(m);
    await h.frame();
  }, message);
}

export async function posted(page: Page): Promise<{ type: string; [key: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as HarnessWindow).__harness.posted as { type: string }[]);
}

export interface ShownCandidate {
  id: string;
  steps: number;
  scores: string[];
  mathErrorSteps: number;
  /** The candidate whose row had the keyboard focus (it follows the selection). */
  focused: string | null;
}

/**
 * Walks the candidate list with the keyboard (a click on the first row, then ArrowDown), and reads
 * what the detail view shows for each candidate after it rendered.
 */
export async function walkCandidates(page: Page): Promise<ShownCandidate[]> {
  return page.evaluate(async () => {
    const h = (window as unknown as HarnessWindow).__harness;
    await h.frame();
    const list = document.querySelector<HTMLElement>('[data-testid=candidate-list]')!;
    // A live run's list makes its rows a few frames at a time.
    while (list.getAttribute('aria-busy') === 'true') await h.frame();
    const rows = [...list.querySelectorAll<HTMLElement>('[data-testid=candidate]')].filter((r) => !r.hidden);
    rows[0].click();
    await h.frame();
    const shown: ShownCandidate[] = [];
    for (let i = 0; i < rows.length; i++) {
      const detail = document.querySelector<HTMLElement>('[data-testid=candidate-detail]')!;
      const steps = [...detail.querySelectorAll<HTMLElement>('[data-testid=step]')];
      shown.push({
        id: detail.dataset.candidateId ?? '',
        steps: steps.length,
        scores: steps.map((s) => s.querySelector<HTMLElement>('[data-testid=step-score]')!.dataset.score ?? ''),
        mathErrorSteps: steps.filter((s) => s.dataset.mathErrors !== undefined).length,
        focused: (document.activeElement as HTMLElement | null)?.dataset.candidateId ?? null,
      });
      list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      await h.frame();
    }
    return shown;
  });
}

/** Per-candidate expectations straight from the events. */
export function expectedCandidates(
  events: readonly SolveEvent[],
): Map<string, { steps: number; scores: Map<number, number>; answer: string | null; finalScore: number | null }> {
  const out = new Map<string, { steps: number; scores: Map<number, number>; answer: string | null; finalScore: number | null }>();
  const get = (id: string) => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { steps: 0, scores: new Map(), answer: null, finalScore: null }));
    return c;
  };
  for (const e of events) {
    if (e.type === 'candidate') get(e.id);
    else if (e.type === 'step') get(e.candidateId).steps++;
    else if (e.type === 'score') get(e.candidateId).scores.set(e.stepIndex, e.score);
    else if (e.type === 'final') Object.assign(get(e.candidateId), { answer: e.answer, finalScore: e.score ?? null });
  }
  return out;
}
