import type { Logger } from '../logging/logger.ts';

/** Where a long run stands: items done, and optionally how far through a known total (bytes or items). */
export interface ProgressState {
  done: number;
  position?: number;
  total?: number;
}

/** Reports a long run as it goes; `finish` clears the bar before the summary is printed. */
export interface Progress {
  update(state: ProgressState): void;
  finish(): void;
}

const clock = (s: number): string => {
  if (!Number.isFinite(s) || s < 0) return '--:--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
};

/** The text of one progress report: count, rate, percent and ETA when the total is known. */
export function progressText(label: string, state: ProgressState, elapsedMs: number, width = 0): string {
  const rate = elapsedMs > 0 ? (state.done * 1000) / elapsedMs : 0;
  const count = `${state.done.toLocaleString('en-US')} ${label}, ${Math.round(rate).toLocaleString('en-US')}/s`;
  if (!state.total || state.position === undefined) return count;
  const fraction = Math.min(1, state.position / state.total);
  const eta = fraction > 0 ? ((elapsedMs / 1000) * (1 - fraction)) / fraction : Infinity;
  const bar = width > 0 ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ` : '';
  return `${bar}${(fraction * 100).toFixed(1)}% ${count}, ETA ${clock(eta)}`;
}

/**
 * Progress for a long run: a redrawn bar with rate and ETA when `out` is a terminal, otherwise a log line
 * every `everyMs` (10 s by default), so cron logs and pipes stay readable.
 */
export function createProgress(
  label: string,
  options: { out?: NodeJS.WriteStream; log?: Logger; everyMs?: number; now?: () => number } = {},
): Progress {
  const out = options.out ?? process.stderr;
  const now = options.now ?? Date.now;
  const tty = !!out.isTTY;
  const every = options.everyMs ?? (tty ? 200 : 10_000);
  const started = now();
  let last = started;
  let drawn = false;
  return {
    update(state) {
      const t = now();
      if (t - last < every) return;
      last = t;
      if (tty) {
        out.write(`\r${progressText(label, state, t - started, 30)}\x1b[K`);
        drawn = true;
      } else if (options.log) options.log.info(`progress: ${progressText(label, state, t - started)}`);
      else out.write(`progress: ${progressText(label, state, t - started)}\n`);
    },
    finish() {
      if (drawn) out.write('\r\x1b[K');
    },
  };
}
