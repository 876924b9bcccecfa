import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError } from '../../config/config.ts';
import { WordPieceTokenizer } from '../embedding/wordPieceTokenizer.ts';
import { normalize, type Embedder } from './embedder.ts';

/** What an operator's ONNX model directory holds and how to run it. */
export interface OnnxEmbedderOptions {
  /** A sentence-transformers style export: `model.onnx`, `vocab.txt` (uncased BERT WordPiece), `config.json`. */
  dir: string;
  /** Tokens per text, [CLS] and [SEP] included (default 256); longer texts are cut. */
  maxTokens?: number;
  /** Texts per inference call (default 32). */
  batch?: number;
}

/** The part of onnxruntime-node this embedder uses (loaded on first use, so it stays an optional dependency). */
interface OrtTensor {
  data: ArrayLike<number>;
  dims: readonly number[];
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>;
}
interface Ort {
  InferenceSession: { create(path: string, options?: object): Promise<OrtSession> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => unknown;
}

/**
 * Thrown when the directory cannot serve as an embedding model; the message says what is missing. A
 * configuration error, so `paperwire serve` stops with the message instead of a stack trace.
 */
export class OnnxModelError extends ConfigError {}

/**
 * An embedder over a local ONNX model directory (`PAPERWIRE_EMBEDDINGS_DIR`), for operators who bring their
 * own encoder — e.g. a MiniLM or BGE model exported by sentence-transformers: WordPiece tokenization in
 * TypeScript (the bundled model's tokenizer, over the directory's `vocab.txt`), [CLS] … [SEP], the session run
 * on CPU by onnxruntime-node, mean pooling over the attention mask, L2 normalization. Its id carries the file's
 * sha256, so replacing `model.onnx` re-embeds the corpus instead of mixing vectors. Nothing is downloaded:
 * onnxruntime-node is an optional dependency whose package carries the CPU library.
 */
export function createOnnxEmbedder(options: OnnxEmbedderOptions): Embedder {
  const dir = resolve(options.dir);
  const modelPath = join(dir, 'model.onnx');
  for (const file of ['model.onnx', 'vocab.txt']) {
    if (!existsSync(join(dir, file))) throw new OnnxModelError(`embedding model directory ${dir} has no ${file}`);
  }
  const sha = createHash('sha256').update(readFileSync(modelPath)).digest('hex').slice(0, 12);
  const tokenizer = WordPieceTokenizer.fromFile(join(dir, 'vocab.txt'));
  const special = (t: string) => {
    const id = tokenizer.vocab.indexOf(t);
    if (id < 0) throw new OnnxModelError(`vocab.txt in ${dir} has no ${t} token`);
    return id;
  };
  const cls = special('[CLS]');
  const sep = special('[SEP]');
  const pad = Math.max(0, tokenizer.vocab.indexOf('[PAD]'));
  const maxTokens = Math.max(3, options.maxTokens ?? 256);
  const batch = Math.max(1, options.batch ?? 32);
  let session: Promise<{ ort: Ort; session: OrtSession }> | undefined;
  const open = () =>
    (session ??= (async () => {
      const ort = (await import('onnxruntime-node').catch(() => {
        throw new OnnxModelError('onnxruntime-node is not installed (npm install onnxruntime-node) — it is needed for PAPERWIRE_EMBEDDINGS_DIR');
      })) as unknown as Ort;
      return { ort, session: await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] }) };
    })());

  const embedder: Embedder = {
    id: `onnx:${basename(dir)}:${sha}`,
    dim: readDim(dir),
    async embed(texts) {
      const { ort, session: s } = await open();
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batch) {
        const ids = texts.slice(i, i + batch).map((t) => [cls, ...tokenizer.encode(t.slice(0, maxTokens * 20)).slice(0, maxTokens - 2), sep]);
        const width = Math.max(...ids.map((x) => x.length));
        const input = new BigInt64Array(ids.length * width).fill(BigInt(pad));
        const mask = new BigInt64Array(ids.length * width);
        ids.forEach((row, r) => row.forEach((id, c) => ((input[r * width + c] = BigInt(id)), (mask[r * width + c] = 1n))));
        const feeds: Record<string, unknown> = {};
        const dims = [ids.length, width];
        for (const name of s.inputNames) {
          if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', input, dims);
          else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
          else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(ids.length * width), dims);
          else throw new OnnxModelError(`model.onnx in ${dir} wants an input named ${name}; paperwire feeds input_ids, attention_mask and token_type_ids`);
        }
        const result = await s.run(feeds);
        const hidden = result.last_hidden_state ?? result[s.outputNames[0]!]!;
        out.push(...meanPool(hidden, ids.map((x) => x.length)));
      }
      if (out[0] && embedder.dim !== out[0].length) embedder.dim = out[0].length;
      return out;
    },
  };
  return embedder;
}

/** The model width from config.json (`hidden_size`, or `dim`), 0 when it does not say (learned on first use). */
function readDim(dir: string): number {
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { hidden_size?: number; dim?: number };
    return config.hidden_size ?? config.dim ?? 0;
  } catch {
    return 0;
  }
}

/** Mean of each text's token vectors over its real (unpadded) tokens, normalized; a [batch, dim] output is used as is. */
export function meanPool(hidden: OrtTensor, lengths: number[]): Float32Array[] {
  const [b, second, third] = hidden.dims;
  if (third === undefined) {
    return lengths.map((_, r) => normalize(Float32Array.from({ length: second! }, (_, j) => Number(hidden.data[r * second! + j]))));
  }
  const seq = second!;
  const dim = third;
  const out: Float32Array[] = [];
  for (let r = 0; r < b!; r++) {
    const v = new Float32Array(dim);
    const n = lengths[r]!;
    for (let t = 0; t < n; t++) for (let j = 0; j < dim; j++) v[j]! += Number(hidden.data[(r * seq + t) * dim + j]);
    for (let j = 0; j < dim; j++) v[j]! /= n;
    out.push(normalize(v));
  }
  return out;
}
