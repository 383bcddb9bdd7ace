// `npm start`: Ponder's main job. Starts `ponder sim` over MATH-500 and prints its URL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'sim', '--problems', join(root, '..', 'shared', 'data', 'math500.jsonl'), ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
