/**
 * The embedding half of `offThreadEmbedder` (workerEmbedder.ts), run in a worker thread: it loads the same local
 * model as the server (the bundled one, or an ONNX directory) and turns batches of paper texts into vectors,
 * so that embedding a freshly imported corpus never holds up the server's requests.
 */
import { lowerThreadPriority } from '../../jobs/threadPriority.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { bundledEmbedder } from '../embedding/bundledEmbedder.ts';
import type { Embedder } from './embedder.ts';
import { createOnnxEmbedder } from './onnxEmbedder.ts';

/** Which local model a worker loads. */
export type EmbedModelSpec = { kind: 'bundled' } | { kind: 'onnx'; dir: string };

/** A batch of texts, numbered; answered with one vector per text (transferred) or the error's message. */
export interface EmbedRequest {
  seq: number;
  texts: string[];
}
export type EmbedResponse = { seq: number; vectors: Float32Array[] } | { seq: number; error: string };

lowerThreadPriority(); // background work: the server thread's requests come first
const spec = workerData as EmbedModelSpec;
const embedder: Embedder = spec.kind === 'onnx' ? createOnnxEmbedder({ dir: spec.dir }) : bundledEmbedder();

parentPort!.on('message', async (req: EmbedRequest) => {
  try {
    const vectors = await embedder.embed(req.texts);
    parentPort!.postMessage({ seq: req.seq, vectors } satisfies EmbedResponse, vectors.map((v) => v.buffer as ArrayBuffer));
  } catch (err) {
    parentPort!.postMessage({ seq: req.seq, error: err instanceof Error ? err.message : String(err) } satisfies EmbedResponse);
  }
});
