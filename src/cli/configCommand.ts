import { loadConfig, redactConfig } from '../config/config.ts';

/** `paperwire config`: prints the effective configuration as JSON, secrets redacted. */
export async function configCommand(): Promise<number> {
  process.stdout.write(JSON.stringify(redactConfig(loadConfig()), null, 2) + '\n');
  return 0;
}
