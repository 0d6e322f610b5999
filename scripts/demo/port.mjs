// Checks a port before code-server is started on it, so a taken port gets a message that says what
// to do instead of code-server's log tail.
import { createServer } from 'node:net';
import { demoErrors } from './errors.mjs';

/** Resolves if 127.0.0.1:`port` can be listened on (port 0 always can); rejects with an actionable error. */
export function assertPortFree(port, host = '127.0.0.1') {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => reject(error.code === 'EADDRINUSE' ? demoErrors.portInUse(port) : error));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
