import { z } from 'zod';
import type { ApiRouteDoc } from './apiDoc.ts';
import { apiError } from './schemas.ts';

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;

function parameters(obj: z.ZodObject | undefined, where: 'query' | 'path') {
  if (!obj) return [];
  const json = schemaOf(obj, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: where, required: where === 'path' || (json.required ?? []).includes(name), description, schema: rest };
  });
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad request', 401: 'Not signed in', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 422: 'Unprocessable', 429: 'Too many requests' };

/** The OpenAPI 3.1 document for the given endpoints, generated from their validation schemas. */
export function buildOpenApi(routes: ApiRouteDoc[], baseUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const responses: Record<string, unknown> = {
      200: { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } },
    };
    for (const s of r.errors) responses[s] = { description: STATUS_TEXT[s] ?? 'Error', content: { 'application/json': { schema: schemaOf(apiError, 'output') } } };
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } } : {}),
      ...(r.auth ? { security: [{ bearerAuth: [] }] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'paperwire API', version: '1', description: 'Daily papers, paper details and search, in the shape of the Hugging Face papers API.' },
    servers: [{ url: baseUrl }],
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal access token' } } },
  };
}
