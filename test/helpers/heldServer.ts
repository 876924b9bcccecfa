import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trackRequests } from '../../src/jobs/requestActivity.ts';

/** A server whose requests are answered when the test says so (`answer`), tracked by trackRequests (`activity`: its cells). */
export async function heldServer() {
  const held: (() => void)[] = [];
  const server: Server = createServer((_req, res) => void held.push(() => res.end('ok')));
  const activity = trackRequests(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  /** Waits until the server holds `n` requests. */
  const holding = async (n: number) => {
    while (held.length < n) await new Promise((r) => setTimeout(r, 2));
  };
  const answer = () => {
    const at = Date.now();
    for (const h of held.splice(0)) h();
    return at;
  };
  // closing answers what is still held (a failed assertion may leave a request waiting) and drops idle connections
  const close = () => {
    answer();
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  };
  return { activity, url, holding, answer, close };
}

