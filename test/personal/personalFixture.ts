import { bundledEmbedder } from '../../src/search/embedding/index.ts';
import { paperText, quantize } from '../../src/search/semantic/embedder.ts';
import type { Store } from '../../src/storage/store.ts';

/** Papers of two topics (molecular graphs, speech), older ones for history and recent ones to recommend. */
export const PAPERS = [
  { arxivId: '2611.00001', title: 'Graph neural networks for molecular property prediction', abstract: 'We predict molecular properties with message passing graph neural networks over atoms and bonds, improving drug discovery benchmarks.', authors: ['Ada Chem', 'Bo Mol'], categories: ['cs.LG', 'q-bio.BM'], publishedAt: '2026-10-02' },
  { arxivId: '2611.00002', title: 'Equivariant message passing for molecules and proteins', abstract: 'An equivariant graph network for molecular conformations and protein structure, trained on quantum chemistry datasets.', authors: ['Cy Prot'], categories: ['cs.LG'], publishedAt: '2026-11-20' },
  { arxivId: '2611.00003', title: 'Self-supervised speech recognition with transformers', abstract: 'A transformer acoustic model pretrained on unlabeled audio improves automatic speech recognition word error rate.', authors: ['Di Audio'], categories: ['eess.AS', 'cs.CL'], publishedAt: '2026-11-21' },
  { arxivId: '2611.00004', title: 'Molecular generation with graph diffusion models', abstract: 'Diffusion over molecular graphs generates valid drug-like molecules with desired chemical properties.', authors: ['Bo Mol', 'Ed Gen'], categories: ['cs.LG'], publishedAt: '2026-11-22', upvotes: 3 },
  { arxivId: '2611.00005', title: 'Streaming speech translation with low latency', abstract: 'We translate speech in real time with a streaming encoder and a latency-aware decoder for spoken language translation.', authors: ['Fa Voice'], categories: ['cs.CL'], publishedAt: '2026-11-22', upvotes: 40 },
  { arxivId: '2611.00006', title: 'Benchmarking large language models on arithmetic', abstract: 'We evaluate large language models on arithmetic word problems and find systematic failures with long numbers.', authors: ['Gu Math'], categories: ['cs.CL'], publishedAt: '2026-11-23', upvotes: 90 },
] as const;

/** Stores the fixture papers, embeds them with the bundled model, and returns their ids by arXiv id. */
export async function seedPapers(store: Store): Promise<void> {
  for (const p of PAPERS) {
    const { upvotes, ...input } = p as (typeof PAPERS)[number] & { upvotes?: number };
    await store.papers.upsert({ ...input, authors: [...input.authors], categories: [...input.categories], baseUpvotes: upvotes ?? 0 } as never);
  }
  const embedder = bundledEmbedder();
  await store.searchIndex.useModel(embedder.id);
  const queued = await store.searchIndex.queued('embed', 1000);
  const vectors = await embedder.embed(queued.map((q) => paperText(q)));
  await store.searchIndex.putVectors(embedder.id, queued.map((q, i) => ({ rowid: q.rowid, ...quantize(vectors[i]!) })));
}
