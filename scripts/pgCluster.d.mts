/** A running throwaway cluster: its admin URL, an in-place restart, and stop (which deletes it). */
export interface PgCluster {
  url: string;
  /** Restarts the server in place without blocking; resolves once it accepts connections again. */
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  stop(): void;
}
/** The bin folder of the newest installed PostgreSQL, or undefined when none is installed. */
export function postgresBin(): string | undefined;
/** Starts a cluster in a temporary folder; `fast` trades durability for speed. */
export function startPostgres(bin: string, options?: { fast?: boolean }): Promise<PgCluster>;
