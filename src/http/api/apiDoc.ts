import { z } from 'zod';
import { HttpError } from '../errors.ts';

/** One API endpoint described by the same zod schemas that validate it; the OpenAPI document is built from these. */
export interface ApiRouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI-style path: /api/papers/{id}. */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Statuses besides 200 that the endpoint answers with an error body. */
  errors: number[];
  /** Whether a personal access token or session is required. */
  auth?: boolean;
}

/** Validates input against a schema; a failure becomes a 400 (or the given status) naming the first problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, status: 400 | 422 = 400): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new HttpError(status, issue.message.includes(String(issue.path[0] ?? '\0')) ? issue.message : `${where}${issue.message}`);
}
