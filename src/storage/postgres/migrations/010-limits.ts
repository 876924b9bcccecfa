/**
 * PostgreSQL schema 10: the shared rate-limit counters and sign-in back-offs (src/storage/limitStore.ts). UNLOGGED:
 * no WAL for rows that are disposable (a crash empties them, which only resets the counters). Created here rather
 * than on first use, so two servers starting together never race to create them. Not content: no revision
 * trigger, so counting never empties page caches.
 */
export const pgLimitsSchema = `
CREATE UNLOGGED TABLE rate_windows (key text PRIMARY KEY, count bigint NOT NULL, expires_at bigint NOT NULL);
CREATE INDEX rate_windows_expiry ON rate_windows (expires_at);
CREATE UNLOGGED TABLE backoffs (key text PRIMARY KEY, attempts bigint NOT NULL, last_at bigint NOT NULL, next_at bigint NOT NULL, expires_at bigint NOT NULL);
CREATE INDEX backoffs_expiry ON backoffs (expires_at);
`;
