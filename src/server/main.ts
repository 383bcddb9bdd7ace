// Entry of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, --socket=PORT, --pipe=NAME).
import { createConnection } from 'vscode-languageserver/node';
import { errorMessage } from './log';
import { startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe=', '--clientProcessId='];

if (!process.argv.slice(2).some((arg) => TRANSPORTS.some((t) => arg.startsWith(t)))) {
  process.stderr.write(
    'Ponder language server: choose a transport: node dist/server.js --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)\n',
  );
  process.exit(2);
}

const connection = createConnection();
const ctx = startServer(connection);
// A stray rejection (e.g. a failed notification to a client that went away) is logged, never fatal.
process.on('unhandledRejection', (reason) => ctx.log.error(`unhandled rejection: ${errorMessage(reason)}`));
connection.listen();
