import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in the command line; printed without a stack trace. */
export class UsageError extends Error {}

/** node:util parseArgs with its errors turned into UsageError, so a bad flag prints one clear line. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
