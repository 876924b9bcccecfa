import type { IngestItem } from '../storage/ingestStore.ts';
import { hfItemToItem } from './hfDaily.ts';
import type { ImportFormat } from './importInput.ts';
import { kaggleToItem } from './kaggle.ts';
import { paperRecordSchema, recordToInput } from './paperRecord.ts';
import { orgNameProblem, usernameProblem } from '../community/rules.ts';
import { isPaperId } from '../model/paperId.ts';

/** Why a line could not be read, in one short sentence. */
export function describe(error: unknown): string {
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  if (error && typeof error === 'object' && 'issues' in error) {
    const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    return issues.slice(0, 3).map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Refuses an item the site itself would refuse, with the same rules: a paper id that is not one the site serves
 * (`../../etc/passwd`), an organization handle that is malformed or reserved (`new`), a submitter that is not a
 * valid username. The line is then reported and skipped.
 */
export function checkItem(item: IngestItem): IngestItem {
  const id = item.paper.arxivId ?? item.paper.id;
  if (id !== undefined && !isPaperId(id)) throw new Error(`id: ${JSON.stringify(id.slice(0, 80))} is not a paper id (an arXiv id without version, such as 2401.01234, or "pw-" and 12 hex digits)`);
  const org = item.paper.organization?.name;
  const orgProblem = org === undefined ? undefined : orgNameProblem(org);
  if (orgProblem) throw new Error(`organization.name ${JSON.stringify(org!.slice(0, 80))}: ${orgProblem}`);
  for (const f of item.featured ?? []) {
    const userProblem = f.submittedBy === undefined ? undefined : usernameProblem(f.submittedBy);
    if (userProblem) throw new Error(`submitted_by ${JSON.stringify(f.submittedBy!.slice(0, 80))}: ${userProblem}`);
  }
  return item;
}

/** A line of paperwire's own format as an ingest item. */
function paperwireToItem(value: unknown): IngestItem {
  const record = paperRecordSchema.parse(value);
  return { paper: recordToInput(record), featured: record.featured?.map((f) => ({ date: f.date, submittedBy: f.submitted_by })) };
}

/** The mapper of each import format: a parsed JSON value to an ingest item, throwing with a reason when unusable. */
export const FORMAT_MAPPERS: Record<ImportFormat, (value: unknown) => IngestItem> = {
  jsonl: (value) => checkItem(paperwireToItem(value)),
  kaggle: (value) => checkItem(kaggleToItem(value)),
  hf: (value) => checkItem(hfItemToItem(value)),
};
