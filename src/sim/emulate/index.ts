// The registry of emulated servers: --emulate NAME picks one.
import { llamacpp } from './llamacpp';
import { lmstudio } from './lmstudio';
import { ollama } from './ollama';
import { openai } from './openai';
import { sglang } from './sglang';
import { SERVER_NAMES, type Emulation, type EmulationSettings, type ServerName } from './types';
import { vllm } from './vllm';

const EMULATIONS: Record<ServerName, (settings: EmulationSettings) => Emulation> = { vllm, sglang, openai, ollama, llamacpp, lmstudio };

export function isServerName(name: string): name is ServerName {
  return (SERVER_NAMES as readonly string[]).includes(name);
}

export function createEmulation(name: ServerName, settings: EmulationSettings): Emulation {
  return EMULATIONS[name](settings);
}

export { SERVER_NAMES };
export type { Emulation, ServerName };
