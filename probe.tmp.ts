import { communityApp } from './test/community/communityHelpers.ts';
import { createMcpServer } from './src/mcp/mcpServer.ts';
const t = await communityApp({});
for (let k = 0; k < 3; k++) {
  let s = performance.now();
  for (let i = 0; i < 200; i++) createMcpServer({ cd: t.cd });
  console.log('build', ((performance.now() - s) / 200).toFixed(2), 'ms');
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  s = performance.now();
  for (let i = 0; i < 100; i++) await (await t.app.request('/mcp', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' }, body })).text();
  console.log('tools/list in-process', ((performance.now() - s) / 100).toFixed(2), 'ms');
  const body2 = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
  s = performance.now();
  for (let i = 0; i < 100; i++) await (await t.app.request('/mcp', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' }, body: body2 })).text();
  console.log('ping in-process', ((performance.now() - s) / 100).toFixed(2), 'ms');
}
t.cleanup();
