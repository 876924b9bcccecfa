/** Label names and values of one series. */
export type Labels = Record<string, string>;

/** One value a gauge reports, with its labels. */
export interface GaugeSample {
  labels?: Labels;
  value: number;
}

/** A monotonically rising count per label set. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

/** Observations counted into fixed buckets, per label set (Prometheus' histogram type). */
export interface Histogram {
  observe(labels: Labels, value: number): void;
}

/**
 * The numbers one server exposes at `/metrics`, in Prometheus' text format, without a client library. One
 * registry per server (made in `paperwire serve`, handed to the app and the scheduler), never module state.
 * `gauge` is the seam other parts use to report what only they know (index sizes, change-log lag, the
 * database pool): its `collect` is called at each scrape.
 */
export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets: number[]): Histogram;
  gauge(name: string, help: string, collect: () => number | GaugeSample[] | undefined | Promise<number | GaugeSample[] | undefined>): void;
  /** The exposition text (format 0.0.4); a gauge whose collect throws is left out, the rest still reported. */
  render(): Promise<string>;
}

/** The Content-Type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const labelText = (labels: Labels = {}) => {
  const keys = Object.keys(labels).sort();
  return keys.length ? `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}` : '';
};
const num = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v));

/** Creates an empty registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const sections: { name: string; render: () => Promise<string[]> }[] = [];
  const register = (name: string, help: string, type: string, lines: () => Promise<string[]> | string[]) => {
    if (!NAME.test(name)) throw new Error(`bad metric name ${name}`);
    if (sections.some((s) => s.name === name)) throw new Error(`metric ${name} registered twice`);
    sections.push({ name, render: async () => [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`, ...(await lines())] });
  };
  return {
    counter(name, help) {
      const values = new Map<string, number>();
      register(name, help, 'counter', () => [...values].map(([l, v]) => `${name}${l} ${num(v)}`));
      return { inc: (labels, by = 1) => void values.set(labelText(labels), (values.get(labelText(labels)) ?? 0) + by) };
    },
    histogram(name, help, buckets) {
      const bounds = [...buckets].sort((a, b) => a - b);
      const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      register(name, help, 'histogram', () =>
        [...series.values()].flatMap((s) => [
          ...bounds.map((b, i) => `${name}_bucket${labelText({ ...s.labels, le: num(b) })} ${s.counts[i]}`),
          `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`,
          `${name}_sum${labelText(s.labels)} ${num(s.sum)}`,
          `${name}_count${labelText(s.labels)} ${s.count}`,
        ]),
      );
      return {
        observe(labels, value) {
          const key = labelText(labels);
          let s = series.get(key);
          if (!s) series.set(key, (s = { labels, counts: bounds.map(() => 0), sum: 0, count: 0 }));
          for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) s.counts[i]!++;
          s.sum += value;
          s.count++;
        },
      };
    },
    gauge(name, help, collect) {
      register(name, help, 'gauge', async () => {
        const got = await collect();
        if (got === undefined) return [];
        const samples = typeof got === 'number' ? [{ value: got }] : got;
        return samples.map((s) => `${name}${labelText(s.labels)} ${num(s.value)}`);
      });
    },
    async render() {
      const parts = await Promise.all(sections.map((s) => s.render().catch(() => [])));
      return parts.filter((p) => p.length).map((p) => p.join('\n')).join('\n') + '\n';
    },
  };
}
