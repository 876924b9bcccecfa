import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './main.ts';

/** node:util parseArgs with its errors turned into UsageError, so a bad flag prints one clear line. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
