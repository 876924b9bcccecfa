/**
 * A served instance's resident memory by mapping, read from /proc/PID/smaps: what `bench:memory` and `bench:field`
 * print to say where a server's memory goes (files, V8's heap pages, malloc arenas, other anonymous mappings) beside
 * the JavaScript side that `/metrics` reports.
 */
import { readFileSync } from 'node:fs';

/** One mapping of /proc/PID/smaps with its size and resident kilobytes. */
export interface Mapping { name: string; start: number; sizeKb: number; perms: string; rssKb: number; anonKb: number }

/** Every mapping of a process with its size and resident kilobytes (anonymous ones named by their kind). */
export function mappings(pid: number): Mapping[] {
  const out: Mapping[] = [];
  let cur: Mapping | undefined;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const start = parseInt(head[1]!, 16);
      cur = { name: head[4] || '[anon]', start, perms: head[3]!, sizeKb: (parseInt(head[2]!, 16) - start) / 1024, rssKb: 0, anonKb: 0 };
      out.push(cur);
      continue;
    }
    const m = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
    if (m && cur) m[1] === 'Rss' ? (cur.rssKb = Number(m[2])) : (cur.anonKb = Number(m[2]));
  }
  return out;
}

/**
 * Resident memory grouped: files by name, anonymous mappings by kind — a thread's malloc arena is a 64 MB
 * reservation aligned on 64 MB whose used part is read-write; V8 maps its heap in pages of 256 KB.
 */
export function grouped(pid: number): Map<string, number> {
  const groups = new Map<string, number>();
  const all = mappings(pid);
  const ARENA = 64 * 2 ** 20;
  const arenaStarts = new Set(all.filter((m) => m.name === '[anon]' && m.start % ARENA === 0 && m.sizeKb <= 65_536).map((m) => m.start));
  for (const m of all) {
    let key: string;
    const inArena = arenaStarts.has(m.start - (m.start % ARENA)) && m.sizeKb <= 65_536;
    if (m.name.startsWith('/')) key = m.name.includes('/search/') ? `file ${m.name.replace(/.*\//, '')}` : m.name.endsWith('.node') || m.name.includes('.so') ? 'file libraries' : `file ${m.name.replace(/.*\//, '')}`;
    else if (m.name === '[anon]') key = inArena ? 'anon: threads\' malloc arenas' : m.sizeKb === 256 ? 'anon: 256 KB pages (V8 heap)' : m.sizeKb >= 8192 ? 'anon: other ≥ 8 MB' : 'anon: other < 8 MB';
    else key = m.name;
    groups.set(key, (groups.get(key) ?? 0) + m.rssKb);
  }
  return groups;
}

/** The memory gauges of `/metrics` (served with `token` as PAPERWIRE_METRICS_TOKEN), in MB. */
export async function metricsMemory(url: string, token: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  return [...text.matchAll(/paperwire_process_memory_bytes\{kind="(\w+)"\} (\S+)/g)].map((m) => `${m[1]} ${(Number(m[2]) / 2 ** 20).toFixed(0)}`).join(', ') + ' MB';
}

/** The groups of `grouped` holding 8 MB or more, largest first, on one line ("anon: … 812 MB, file … 400 MB"). */
export function groupedLine(pid: number): string {
  return [...grouped(pid)].filter(([, kb]) => kb >= 8192).sort((a, b) => b[1] - a[1]).map(([k, kb]) => `${k} ${(kb / 1024).toFixed(0)} MB`).join(', ');
}
