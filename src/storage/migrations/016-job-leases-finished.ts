/**
 * A job lease remembers when its last run finished (ms since the epoch), so a scheduled job's interval holds for
 * the whole site: a server whose timer fires just after another server ran the job does not run it again.
 * A released lease keeps its row with an empty holder.
 */
export const jobLeasesFinishedSchema = `
ALTER TABLE job_leases ADD COLUMN finished_at INTEGER;
`;
