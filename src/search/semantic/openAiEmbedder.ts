import { normalize, type Embedder } from './embedder.ts';

/** Where an OpenAI-compatible embeddings service lives and how to call it. */
export interface OpenAiEmbedderOptions {
  /** Base URL; requests go to `{url}/v1/embeddings` (a URL already ending in /v1 is used as is). */
  url: string;
  model: string;
  apiKey?: string;
  /** Texts per request (default 64). */
  batch?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The endpoint for a base URL: `{base}/v1/{path}`, accepting bases with or without the /v1. */
export function openAiEndpoint(base: string, path: string): string {
  const b = base.replace(/\/+$/, '');
  return `${/\/v1$/.test(b) ? b : `${b}/v1`}/${path}`;
}

/**
 * An embedder backed by any service speaking the OpenAI embeddings protocol (OpenAI, vLLM, Ollama, llama.cpp,
 * text-embeddings-inference): `POST {base}/v1/embeddings {model, input: string[]}` answers
 * `{data: [{embedding, index}]}`. Its id carries the model name, so changing models re-embeds the corpus.
 * Texts are cut at 8,000 characters; vectors are normalized here whatever the service returns.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const endpoint = openAiEndpoint(options.url, 'embeddings');
  const doFetch = options.fetch ?? fetch;
  const batch = options.batch ?? 64;
  const embedder: Embedder = {
    id: `openai:${options.model}`,
    dim: 0,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batch) {
        const input = texts.slice(i, i + batch).map((t) => t.slice(0, 8000) || ' ');
        const res = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}) },
          body: JSON.stringify({ model: options.model, input }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
        if (!res.ok) throw new Error(`embeddings endpoint answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
        const body = (await res.json()) as { data?: { embedding?: unknown; index?: number }[] };
        if (!Array.isArray(body.data) || body.data.length !== input.length) throw new Error('embeddings endpoint returned a malformed answer');
        const vectors = new Array<Float32Array>(input.length);
        body.data.forEach((d, j) => {
          if (!Array.isArray(d.embedding) || !d.embedding.length || d.embedding.some((x) => typeof x !== 'number')) {
            throw new Error('embeddings endpoint returned a vector that is not a list of numbers');
          }
          vectors[typeof d.index === 'number' ? d.index : j] = normalize(Float32Array.from(d.embedding as number[]));
        });
        for (const v of vectors) {
          if (!v || (embedder.dim && v.length !== embedder.dim)) throw new Error('embeddings endpoint returned vectors of differing lengths');
          embedder.dim ||= v.length;
          out.push(v);
        }
      }
      return out;
    },
  };
  return embedder;
}
