// Starts llama.cpp's own llama-server (../shared/servers/llama.cpp, a tiny random-weight model) on
// 127.0.0.1 through its start.sh, and stops it after the test.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './sim';

export const LLAMA_DIR = join(ROOT, '..', 'shared', 'servers', 'llama.cpp');
export const CHAT_TEMPLATES = join(ROOT, '..', 'shared', 'data', 'chat-templates');

export interface LlamaServer {
  /** Base URL ending in /v1. */
  url: string;
  stop(): void;
}

export async function startLlamaServer(flags: string[] = []): Promise<LlamaServer> {
  const { stdout } = await promisify(execFile)('bash', [join(LLAMA_DIR, 'start.sh'), '0', ...flags], { timeout: 120_000 });
  const [url, pid] = stdout.trim().split(/\s+/);
  return {
    url,
    stop: () => {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
