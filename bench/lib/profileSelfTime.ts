/**
 * Self time by function in a V8 CPU profile (the .cpuprofile files `BENCH_SERVER_CPU_PROF` makes servers write),
 * optionally for a window of it, so a benchmark's busy phase can be told from its start-up and idle phases.
 * usage: npx tsx bench/lib/profileSelfTime.ts FILE [--from S] [--to S] [--top N] [--windows S]
 * (seconds from the profile's start; --windows prints the idle share per window of S seconds, to find a phase)
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of self time per function (name, file and line) over samples taken between `fromS` and `toS`. */
export function selfTime(profile: CpuProfile, fromS = 0, toS = Infinity): { total: number; byFunction: Map<string, number> } {
  const label = new Map<number, string>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const file = f.url.replace(/^.*\/(src|node_modules)\//, '$1/');
    label.set(n.id, `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`);
  }
  const byFunction = new Map<string, number>();
  let t = 0;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i]! / 1000;
    t += dt;
    const s = t / 1000;
    if (s < fromS || s > toS) continue;
    const key = label.get(profile.samples[i]!)!;
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    total += dt;
  }
  return { total, byFunction };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const profile = JSON.parse(readFileSync(args[0]!, 'utf8')) as CpuProfile;
  const windows = opt('--windows', 0);
  if (windows) {
    const length = (profile.endTime - profile.startTime) / 1e6;
    for (let from = 0; from < length; from += windows) {
      const { total, byFunction } = selfTime(profile, from, from + windows);
      const idle = byFunction.get([...byFunction.keys()].find((k) => k.startsWith('(idle)')) ?? '') ?? 0;
      console.log(`${from.toFixed(0).padStart(4)}–${(from + windows).toFixed(0)} s: busy ${((total - idle) / total * 100).toFixed(0)} %`);
    }
  } else {
    const { total, byFunction } = selfTime(profile, opt('--from', 0), opt('--to', Infinity));
    const idle = [...byFunction].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
    console.log(`window ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms, busy ${(total - idle).toFixed(0)} ms`);
    for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, opt('--top', 30))) {
      console.log(`${v.toFixed(0).padStart(7)} ms ${((v / (total - idle)) * 100).toFixed(1).padStart(5)} %  ${k}`);
    }
  }
}
