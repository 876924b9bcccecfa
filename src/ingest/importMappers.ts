import type { IngestItem } from '../storage/ingestStore.ts';
import { hfItemToItem } from './hfDaily.ts';
import type { ImportFormat } from './importInput.ts';
import { kaggleToItem } from './kaggle.ts';
import { paperRecordSchema, recordToInput } from './paperRecord.ts';

/** Why a line could not be read, in one short sentence. */
export function describe(error: unknown): string {
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  if (error && typeof error === 'object' && 'issues' in error) {
    const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    return issues.slice(0, 3).map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** A line of paperwire's own format as an ingest item. */
function paperwireToItem(value: unknown): IngestItem {
  const record = paperRecordSchema.parse(value);
  return { paper: recordToInput(record), featured: record.featured?.map((f) => ({ date: f.date, submittedBy: f.submitted_by })) };
}

/** The mapper of each import format: a parsed JSON value to an ingest item, throwing with a reason when unusable. */
export const FORMAT_MAPPERS: Record<ImportFormat, (value: unknown) => IngestItem> = {
  jsonl: paperwireToItem,
  kaggle: kaggleToItem,
  hf: hfItemToItem,
};
