// Ponder's settings in the server: defaults < initializationOptions < the client's `ponder` section
// (pulled with workspace/configuration, or pushed in didChangeConfiguration by clients without it).
import { DEFAULT_SETTINGS, mergeSettings, nestSettings, type PonderSettings } from '../shared/settings';

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Accepts the `ponder` section as VS Code sends it (nested: `{policy: {url}}`) and as some editors
 * write it (dotted keys: `{"policy.url": ...}`, possibly prefixed `ponder.`), or wrapped as `{ponder: {...}}`.
 */
export function sectionOverlays(section: unknown): unknown[] {
  if (!isPlain(section)) return [];
  if (isPlain(section.ponder)) return sectionOverlays(section.ponder);
  const flat: Plain = {};
  for (const [key, value] of Object.entries(section)) {
    if (key.includes('.')) flat[key.replace(/^ponder\./, '')] = value;
  }
  return [section, nestSettings(flat)];
}

export interface ResolvedSettings {
  settings: PonderSettings;
  /** Values that were ignored, with why (e.g. "ponder.budget.generations must be a number, got \"many\""). */
  problems: string[];
}

export class ConfigurationStore {
  private initOverlay: unknown[] = [];
  private clientOverlay: unknown[] = [];
  private resolved: ResolvedSettings = { settings: DEFAULT_SETTINGS, problems: [] };

  get current(): ResolvedSettings {
    return this.resolved;
  }

  setInitializationOptions(options: unknown): boolean {
    this.initOverlay = sectionOverlays(options);
    return this.recompute();
  }

  /** The client's `ponder` section; returns whether the effective settings changed. */
  setClientSection(section: unknown): boolean {
    this.clientOverlay = sectionOverlays(section);
    return this.recompute();
  }

  private recompute(): boolean {
    let settings = DEFAULT_SETTINGS;
    const problems: string[] = [];
    for (const overlay of [...this.initOverlay, ...this.clientOverlay]) {
      const merged = mergeSettings(settings, overlay);
      settings = merged.settings;
      problems.push(...merged.problems);
    }
    const changed = JSON.stringify(settings) !== JSON.stringify(this.resolved.settings) || problems.join('\n') !== this.resolved.problems.join('\n');
    this.resolved = { settings, problems };
    return changed;
  }
}
