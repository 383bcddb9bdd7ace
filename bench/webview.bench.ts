// The panel's responsiveness while 256 candidates stream at once: frames per second and the longest
// main-thread task (PerformanceObserver 'longtask'), against the same panel idle in the same run.
// Usage: node --import tsx bench/webview.bench.ts [seconds]   (default 6)
import type { Page } from 'playwright-core';
import type { SolveEvent } from '../src/shared/events';
import { recordedBestOfN } from '../test/webview/fixtures/recordedRuns';
import { launchChromium, openPanel, startHarness } from '../test/webview/harness/server';
import type { HarnessWindow } from '../test/webview/harness/server';

const SECONDS = Number(process.argv[2] ?? 6);
/** The language server batches events every 30-50 ms. */
const BATCH_MS = 40;

interface Measure {
  frames: number;
  seconds: number;
  longestTaskMs: number;
  tasksOver50: number;
  /** The longest time between two animation frames. */
  longestFrameMs: number;
  batches: number;
  rows: number;
}

/** Counts frames and long tasks for `seconds`, replaying `events` (time-compressed) meanwhile. */
async function measure(page: Page, events: SolveEvent[], seconds: number, openThinking = false): Promise<Measure> {
  return page.evaluate(
    async ({ events, seconds, batchMs, openThinking }) => {
      const h = (window as unknown as HarnessWindow).__harness;
      const tasks: number[] = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
      observer.observe({ type: 'longtask' });
      await h.frame();
      const start = performance.now();
      const end = start + seconds * 1000;
      let frames = 0;
      let lastFrame = start;
      let longestFrameMs = 0;
      const countFrames = (now: number) => {
        frames++;
        longestFrameMs = Math.max(longestFrameMs, now - lastFrame);
        lastFrame = now;
        if (performance.now() < end) requestAnimationFrame(countFrames);
      };
      requestAnimationFrame(countFrames);
      // Stream the run within the first 80% of the window, one batch per tick, in order.
      const lastT = events.length ? events[events.length - 1].t : 0;
      const scale = lastT > 0 ? (seconds * 800) / lastT : 1;
      let next = 0;
      let batches = 0;
      if (events.length) h.send({ type: 'runStarted', header: { runId: 'bench', problem: 'bench', budget: 256 } });
      await new Promise<void>((resolve) => {
        const tick = () => {
          const now = performance.now() - start;
          let to = next;
          while (to < events.length && events[to].t * scale <= now) to++;
          if (to > next) {
            h.send({ type: 'runEvents', runId: 'bench', events: events.slice(next, to) });
            next = to;
            batches++;
            // The worst case for a thinking run: a candidate's thinking open while it streams.
            const details = document.querySelector<HTMLDetailsElement>('[data-testid=candidate-detail] [data-testid=thinking]');
            if (openThinking && !details?.open) {
              document.querySelector<HTMLElement>('[data-testid=candidate][data-status=thinking]')?.click();
              if (details && !details.hidden) details.open = true;
            }
          }
          if (performance.now() < end) setTimeout(tick, batchMs);
          else resolve();
        };
        tick();
      });
      await h.frame();
      observer.disconnect();
      return {
        frames,
        seconds: (performance.now() - start) / 1000,
        longestTaskMs: Math.max(0, ...tasks),
        tasksOver50: tasks.filter((d) => d > 50).length,
        longestFrameMs,
        batches,
        rows: document.querySelectorAll('[data-testid=candidate]').length,
      };
    },
    { events: events as SolveEvent[], seconds, batchMs: BATCH_MS, openThinking },
  );
}

/** One streaming run against the idle panel of the same run: what it prints, and whether all rows came. */
function report(title: string, events: SolveEvent[], streaming: Measure, idle: Measure): boolean {
  const deltas = events.filter((e) => e.type === 'delta').length;
  const fps = (m: Measure) => m.frames / m.seconds;
  console.log(
    `webview: ${title}: ${events.length} events (${deltas} deltas) in ${streaming.batches} batches every ${BATCH_MS} ms, over ${SECONDS} s`,
  );
  console.log(
    `  frames per second      ${fps(streaming).toFixed(1)}   baseline (idle panel, same run) ${fps(idle).toFixed(1)}   ratio ${(fps(streaming) / fps(idle)).toFixed(2)}`,
  );
  // The longtask observer reports only tasks of 50 ms or more; 0 means none.
  const longest = (m: Measure) => (m.longestTaskMs === 0 ? 'none >= 50 ms' : `${m.longestTaskMs.toFixed(0)} ms`);
  console.log(
    `  longest main-thread task ${longest(streaming)} (target: none over 50 ms; ${streaming.tasksOver50} over)   baseline ${longest(idle)}`,
  );
  console.log(
    `  longest gap between frames ${streaming.longestFrameMs.toFixed(0)} ms   baseline ${idle.longestFrameMs.toFixed(0)} ms   ratio ${(streaming.longestFrameMs / idle.longestFrameMs).toFixed(2)}`,
  );
  console.log(`  candidate rows at the end: ${streaming.rows} of 256`);
  return streaming.rows === 256;
}

async function main(): Promise<void> {
  const runs = [
    { title: '256 candidates streaming at once', events: recordedBestOfN({ candidates: 256, concurrency: 256, chunk: 24 }), open: false },
    {
      title: '256 thinking candidates streaming at once, one thinking open',
      events: recordedBestOfN({ candidates: 256, concurrency: 256, chunk: 24, thinking: true }),
      open: true,
    },
  ];
  const [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
  try {
    const idlePanel = await openPanel(browser, harness);
    const idle = await measure(idlePanel.page, [], SECONDS);
    await idlePanel.page.context().close();
    for (const run of runs) {
      const panel = await openPanel(browser, harness);
      const streaming = await measure(panel.page, run.events, SECONDS, run.open);
      await panel.page.context().close();
      if (!report(run.title, run.events, streaming, idle)) process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await harness.stop();
  }
}

void main();
