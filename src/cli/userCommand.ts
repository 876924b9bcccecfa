import { readFileSync } from 'node:fs';
import { signUp } from '../community/accounts.ts';
import { randomToken } from '../community/secrets.ts';
import type { Role } from '../community/types.ts';
import { ensureSecret, loadConfig } from '../config/config.ts';
import { HttpError } from '../http/errors.ts';
import { createLogger } from '../logging/logger.ts';
import { createMailer } from '../mail/mailer.ts';
import { openStore } from '../storage/openStore.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

const HELP = `usage:
  paperwire user create USERNAME --email EMAIL [--admin | --moderator] [--password-stdin]
  paperwire user role USERNAME user|moderator|admin

create makes a verified account (the way to make the first admin). Without --password-stdin a random
password is generated and printed once; change it with "Forgot your password?" on the sign-in page.
`;

/** `paperwire user`: creates accounts (the first admin) and changes roles from the command line. */
export async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    email: { type: 'string' },
    admin: { type: 'boolean' },
    moderator: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, username, roleArg] = positionals;
  if (values.help || !action) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (!username) throw new UsageError(`a USERNAME is required\n\n${HELP}`);
  const config = ensureSecret(loadConfig());
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const store = await openStore(config, { migrate: config.autoMigrate });
  try {
    if (action === 'create') {
      if (!values.email) throw new UsageError('--email is required');
      const role: Role = values.admin ? 'admin' : values.moderator ? 'moderator' : 'user';
      const generated = !values['password-stdin'];
      const password = generated ? randomToken(15) : readFileSync(0, 'utf8').replace(/\r?\n$/, '');
      const deps = { store, config, log, mailer: createMailer(config, log), today: () => new Date().toISOString().slice(0, 10) };
      const account = await signUp(deps, { username, email: values.email, password }, { role, verified: true, skipMail: true });
      if (!account) throw new UsageError('that email address already has an account');
      process.stdout.write(`created ${role} @${account.username}${generated ? `\npassword (shown once): ${password}` : ''}\n`);
      return 0;
    }
    if (action === 'role') {
      if (roleArg !== 'user' && roleArg !== 'moderator' && roleArg !== 'admin') throw new UsageError('the role must be user, moderator or admin');
      const user = await store.users.get(username);
      if (!user) throw new UsageError(`no user ${username}`);
      await store.accounts.update(user.id, { role: roleArg });
      process.stdout.write(`@${user.username} is now ${roleArg}\n`);
      return 0;
    }
    throw new UsageError(`unknown action "${action}"\n\n${HELP}`);
  } catch (err) {
    if (err instanceof HttpError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}
