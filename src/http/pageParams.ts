import { z } from 'zod';
import { badRequest } from './errors.ts';

/** The `p` query parameter of list pages: a page number from 0. */
export const pageNumberSchema = z.coerce.number({ error: 'p must be a whole number from 0' }).int('p must be a whole number from 0').min(0, 'p must be a whole number from 0').max(100_000, 'p is too large').default(0);

/** Reads `p` from a page's query string, or throws a 400 that says what is wrong. */
export function pageNumber(value: string | undefined): number {
  if (value === undefined) return 0;
  const parsed = pageNumberSchema.safeParse(value === '' ? undefined : value);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message);
  return parsed.data;
}
