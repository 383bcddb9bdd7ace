import type { PanelInitialState, ToWebview } from '../shared/messages';
import { INITIAL_STATE_ATTRIBUTE } from '../shared/panelHtml';
import { PanelApp } from './app';
import { parseSavedState } from './persist';
import { connectHost } from './vscodeApi';

const MESSAGE_TYPES: ReadonlySet<string> = new Set<ToWebview['type']>([
  'runStarted',
  'runEvents',
  'runFailed',
  'restoreRuns',
  'serverState',
  'config',
  'showRun',
]);

function isToWebview(data: unknown): data is ToWebview {
  return typeof data === 'object' && data !== null && MESSAGE_TYPES.has(String((data as { type?: unknown }).type));
}

/** The state the extension embedded in the HTML (escaped JSON in a data attribute), or null. */
function readInitialState(): PanelInitialState | null {
  const raw = document.body.getAttribute(INITIAL_STATE_ATTRIBUTE);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as PanelInitialState) : null;
  } catch {
    return null;
  }
}

const host = connectHost();
const app = new PanelApp(document.getElementById('ponder-app')!, host);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isToWebview(event.data)) app.handle(event.data);
});
window.addEventListener('pagehide', () => app.flushSave());
app.start(parseSavedState(host.getState()), readInitialState());
