/**
 * Errors any Store backend raises and the rest of paperwire recognizes (CLI exit codes, HTTP statuses): they live
 * here, beside the interface, so that no caller imports from a backend's folder.
 */

/** Raised when the database was written by a newer paperwire: running older code on it could corrupt data. */
export class SchemaAheadError extends Error {
  constructor(readonly current: number, readonly latest: number) {
    super(`the database schema is at version ${current}, but this paperwire knows only up to ${latest}: upgrade paperwire, or restore a backup made by this version`);
  }
}

/** Raised when the schema is behind and the caller asked not to migrate automatically. */
export class SchemaBehindError extends Error {
  constructor(readonly current: number, readonly latest: number) {
    super(`the database schema is at version ${current}, this paperwire needs ${latest}: run \`paperwire migrate\``);
  }
}

/**
 * Raised when the configured database cannot be reached: at start (the message names the setting; the CLI exits
 * 2), or for a moment while running, e.g. while PostgreSQL restarts (the HTTP layer answers 503 with Retry-After;
 * the pool reconnects by itself).
 */
export class StoreUnavailableError extends Error {}

/** Raised when a vote, comment or claim names a paper that does not exist; routes turn it into a 404. */
export class UnknownPaperError extends Error {}

/** Raised when a reply names a parent that is not a top-level comment of the same paper. */
export class BadParentError extends Error {}

/** Raised by `db copy` when the target holds papers that no unfinished copy put there: a copy goes into an empty database only. */
export class TargetNotEmptyError extends Error {}
