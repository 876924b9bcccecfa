/** An error with the HTTP status and message the user should see; thrown by routes, mapped in one place (app.ts). */
export class HttpError extends Error {
  constructor(readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 503, message: string) {
    super(message);
  }
}

/** 404 with a message naming what was not found. */
export const notFound = (what: string) => new HttpError(404, `${what} was not found`);

/** 400 with a message saying what was wrong with the request. */
export const badRequest = (message: string) => new HttpError(400, message);
