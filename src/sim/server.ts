// Starts `ponder sim` from options: loads problems and replay files, then listens.
import { createEmulation, type Emulation } from './emulate';
import { ChatTemplate } from './emulate/template';
import type { ServerName } from './emulate/types';
import { Simulator } from './engine';
import { SimServer } from './http';
import type { SimOptions } from './options';

export interface RunningSim {
  url: string;
  server: SimServer;
  close(): Promise<void>;
}

export async function startSimServer(options: SimOptions): Promise<RunningSim> {
  const server = new SimServer(Simulator.fromOptions(options), emulationOf(options));
  const url = await server.listen();
  return { url, server, close: () => server.close() };
}

/** --emulate and its companions; --chat-template needs --emulate (the simulator's own prompts stay as they are). */
function emulationOf(options: SimOptions): Emulation | null {
  if (!options.emulate) {
    if (options.chatTemplate) throw new Error('--chat-template needs --emulate SERVER (the server decides how the template is applied)');
    return null;
  }
  const template = options.chatTemplate ? ChatTemplate.load(options.chatTemplate) : null;
  return createEmulation(options.emulate as ServerName, {
    parallel: options.parallel,
    legacyN: options.llamacppLegacyN,
    version: options.serverVersion,
    template,
    reasoning: options.thinking !== null,
  });
}
