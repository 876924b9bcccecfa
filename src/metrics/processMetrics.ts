import { readFileSync } from 'node:fs';
import type { GaugeSample, MetricsRegistry } from './metricsRegistry.ts';

/** Kilobyte fields of /proc/self/status (Linux), in bytes; empty elsewhere. */
function procStatus(): Map<string, number> {
  const out = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return out;
  }
  for (const m of text.matchAll(/^(\w+):\s+(\d+) kB$/gm)) out.set(m[1]!, Number(m[2]) * 1024);
  return out;
}

/**
 * The server's memory as gauges, for the admin who holds a field-size instance to its memory budget: resident
 * memory (the Prometheus name every dashboard knows), split on Linux into the process's own pages and the mapped
 * search snapshots' (page cache, which the kernel can drop and read again), and the JavaScript side of the
 * former: the heap in use and reserved, and the array buffers and other memory outside it that objects hold.
 */
export function registerProcessMetrics(metrics: MetricsRegistry): void {
  metrics.gauge('process_resident_memory_bytes', 'Resident memory of this server process in bytes.', () => process.memoryUsage.rss());
  metrics.gauge('paperwire_process_memory_bytes', "This server's resident memory by kind (own: its own pages; mapped: files it maps, the search snapshots; heap: the JavaScript heap in use; heap_total: the heap's reserved pages; external: memory outside the heap that JavaScript objects hold, array buffers included).", () => {
    const status = procStatus();
    const samples: GaugeSample[] = [];
    if (status.has('RssAnon')) samples.push({ labels: { kind: 'own' }, value: status.get('RssAnon')! });
    if (status.has('RssFile')) samples.push({ labels: { kind: 'mapped' }, value: status.get('RssFile')! });
    const js = process.memoryUsage();
    samples.push({ labels: { kind: 'heap' }, value: js.heapUsed });
    samples.push({ labels: { kind: 'heap_total' }, value: js.heapTotal });
    samples.push({ labels: { kind: 'external' }, value: js.external });
    return samples;
  });
}
