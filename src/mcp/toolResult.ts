import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HttpError } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Runs a tool's work and shapes its answer: an object becomes structured content plus the same JSON as text (for
 * clients that read only text), a string becomes Markdown text. A refused request (HttpError: bad argument,
 * unknown paper, no token, read-only token, rate limit) becomes a tool error carrying its message, so the
 * assistant can correct itself; anything else is logged and answered with a generic error, never a stack trace.
 */
export async function toolResult(log: Logger, tool: string, work: () => Promise<string | Record<string, unknown>>): Promise<CallToolResult> {
  try {
    const out = await work();
    if (typeof out === 'string') return { content: [{ type: 'text', text: out }] };
    return { content: [{ type: 'text', text: JSON.stringify(out) }], structuredContent: out };
  } catch (err) {
    if (err instanceof HttpError) return { content: [{ type: 'text', text: `${err.message} (HTTP ${err.status})` }], isError: true };
    log.error('MCP tool failed', { tool, error: err instanceof Error ? err.stack : String(err) });
    return { content: [{ type: 'text', text: 'something went wrong on the server; the error was logged' }], isError: true };
  }
}
