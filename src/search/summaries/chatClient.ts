import { openAiEndpoint } from '../semantic/openAiEmbedder.ts';

/** One chat completion: a system instruction and a user message in, the assistant's text out. */
export type ChatComplete = (system: string, user: string) => Promise<string>;

/**
 * A client for any OpenAI-compatible chat service (`POST {base}/v1/chat/completions` with
 * `{model, messages}`, answering `{choices: [{message: {content}}]}`): what the summary job writes with.
 */
export function createChatClient(options: { url: string; model: string; apiKey?: string; timeoutMs?: number; fetch?: typeof fetch }): ChatComplete {
  const endpoint = openAiEndpoint(options.url, 'chat/completions');
  const doFetch = options.fetch ?? fetch;
  return async (system, user) => {
    const res = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify({ model: options.model, temperature: 0.2, max_tokens: 200, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
    if (!res.ok) throw new Error(`chat endpoint answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('chat endpoint returned no message content');
    return content;
  };
}
