import { spawn } from 'node:child_process';

/** A bare Node http server in its own process and the URL it answers on. */
export interface BareServer {
  url: string;
  stop: () => void;
}

/**
 * Starts a bare Node http server, in its own process, that answers every request with `bytes` and `headers` (plus
 * Content-Length): the ceiling a page served from memory can reach on this machine, run beside paperwire.
 */
export function startBare(bytes: Uint8Array, headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' }): Promise<BareServer> {
  const code = `const b=Buffer.from(process.env.BODY,'base64');const h={...JSON.parse(process.env.HEADERS),'content-length':b.length};require('http').createServer((q,r)=>{r.writeHead(200,h);r.end(b)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code], {
    env: { ...process.env, BODY: Buffer.from(bytes).toString('base64'), HEADERS: JSON.stringify(headers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ url: `http://127.0.0.1:${String(d).trim()}/`, stop: () => child.kill() })));
}
