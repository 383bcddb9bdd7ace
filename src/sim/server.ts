// Starts `ponder sim` from options: loads problems and replay files, then listens.
import { Simulator } from './engine';
import { SimServer } from './http';
import type { SimOptions } from './options';

export interface RunningSim {
  url: string;
  server: SimServer;
  close(): Promise<void>;
}

export async function startSimServer(options: SimOptions): Promise<RunningSim> {
  const server = new SimServer(Simulator.fromOptions(options));
  const url = await server.listen();
  return { url, server, close: () => server.close() };
}
