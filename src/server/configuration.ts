// Ponder's settings in the server: defaults < initializationOptions < the client's `ponder` section
// (pulled with workspace/configuration, or pushed in didChangeConfiguration by clients without it).
// An invalid value (checked against src/shared/settingsSchema.ts) keeps the layer below's value, in the
// end the default, and is listed in `problems`, which the server's status shows as a warning.
import { DEFAULT_SETTINGS, SETTINGS, getSetting, mergeSettings, nestSettings, type PonderSettings } from '../shared/settings';

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
  /** Values that were ignored, with why (e.g. `ponder.verifier.kind must be one of vllm-pooling, llm-judge, none; got "prm"`). */
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
    // Per key, the last layer that gives a value decides whether it is reported: a value fixed in the
    // client's section clears the problem the initializationOptions (the section at startup) had.
    const problemOf = new Map<string, string>();
    for (const overlay of [...this.initOverlay, ...this.clientOverlay]) {
      for (const { key } of SETTINGS) {
        const value = getSetting(overlay, key);
        if (value === undefined || value === null) continue;
        const merged = mergeSettings(settings, nestSettings({ [key]: value }));
        settings = merged.settings;
        if (merged.problems.length) problemOf.set(key, merged.problems.join('; '));
        else problemOf.delete(key);
      }
    }
    const problems = [...problemOf.values()];
    const changed =
      JSON.stringify(settings) !== JSON.stringify(this.resolved.settings) || problems.join('\n') !== this.resolved.problems.join('\n');
    this.resolved = { settings, problems };
    return changed;
  }
}
