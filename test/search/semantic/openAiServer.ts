import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake service received, parsed. */
export interface SeenRequest {
  path: string;
  authorization?: string;
  body: any;
}

/**
 * A local HTTP server speaking the OpenAI protocol (embeddings and chat completions), for tests: `respond`
 * decides each answer; requests are recorded.
 */
export async function openAiServer(respond: (req: SeenRequest, res: ServerResponse) => void): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const r: SeenRequest = { path: req.url ?? '', authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined };
    seen.push(r);
    respond(r, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
