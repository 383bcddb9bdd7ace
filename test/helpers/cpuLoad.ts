// Keeps every core busy with spinning child processes while a test measures something that must not
// depend on load. Each spinner ends by itself after `maxSeconds`, so a crashed test leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

export function saturateCores(maxSeconds = 300): () => void {
  const spinners: ChildProcess[] = [];
  for (let i = 0; i < availableParallelism(); i++) {
    spinners.push(
      spawn(process.execPath, ['-e', `const end = Date.now() + ${maxSeconds * 1000}; while (Date.now() < end) {}`], { stdio: 'ignore' }),
    );
  }
  return () => spinners.forEach((s) => s.kill('SIGKILL'));
}
