/**
 * PostgreSQL schema 8, SQLite's 16: a job lease remembers when its last run finished (ms since the epoch), so a
 * scheduled job's interval holds for the whole site. A released lease keeps its row with an empty holder.
 */
export const pgJobLeasesFinishedSchema = `
ALTER TABLE job_leases ADD COLUMN finished_at bigint;
`;
