// Runs in the harness page before the panel's script (nonce'd like it): a fake `acquireVsCodeApi`
// that records posted messages and keeps state in sessionStorage (so it survives a reload, as VS
// Code's does), a recorder of CSP violations, the theme, and a way to send messages to the panel.
import { THEMES } from './themes';
import type { ThemeName } from './themes';

interface Violation {
  directive: string;
  blockedURI: string;
  sample: string;
}

const STATE_KEY = 'ponder-harness-state';
const posted: unknown[] = [];
const violations: Violation[] = [];
let vsCodeApiAcquired = false;

document.addEventListener('securitypolicyviolation', (e) =>
  violations.push({ directive: e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample }),
);

const harness = {
  posted,
  violations,
  /** Delivers a message the way VS Code does: a `message` event on the window. */
  send(message: unknown): void {
    window.dispatchEvent(new MessageEvent('message', { data: message }));
  },
  savedState(): unknown {
    const raw = sessionStorage.getItem(STATE_KEY);
    return raw === null ? undefined : JSON.parse(raw);
  },
  /** Resolves after the next animation frame has rendered. */
  frame(): Promise<void> {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  },
};

Object.assign(window, {
  __harness: harness,
  acquireVsCodeApi() {
    if (vsCodeApiAcquired) throw new Error('acquireVsCodeApi may be called only once');
    vsCodeApiAcquired = true;
    return {
      postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => harness.savedState(),
      setState: (state: unknown) => sessionStorage.setItem(STATE_KEY, JSON.stringify(state)),
    };
  },
});

const theme = THEMES[(new URLSearchParams(location.search).get('theme') ?? 'dark') as ThemeName] ?? THEMES.dark;
document.body.classList.add(theme.bodyClass);
for (const [name, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(`--vscode-${name}`, value);
