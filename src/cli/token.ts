/**
 * Prints a development token for a sector profile (docs/ARCHITECTURE.md §5):
 *
 *   npm run token -- <profile> [--pid <12 digits>] [--sub <id>] [--org <code>] [--expires <seconds>] [--scopes "a b"]
 *   npm run token -- --list
 *
 * Only the token goes to stdout (so `TOKEN=$(npm run -s token -- hospital)` works); hints go to stderr.
 * Exit codes: 0 ok, 1 refused (no development keys: production, or a real key source is configured), 2 usage.
 */
import { DEFAULT_TOKEN_LIFETIME_SECONDS, PROFILES, signDevelopmentToken, TokenRequestError } from '../auth/profiles.ts';
import { loadConfig } from '../config.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run token -- <profile> [--pid <12 digits>] [--sub <id>] [--org <code>] [--expires <seconds>] [--scopes "<scope> <scope>..."]
       npm run token -- --list
profiles: ${[...PROFILES.keys()].join(', ')}`;

const COMMAND = { name: 'token', usage: USAGE };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

function listProfiles(): void {
  for (const p of PROFILES.values()) {
    console.log(`${p.name}${p.requiresPid ? ' (needs --pid)' : ''}: ${p.description}`);
    console.log(`  org:      ${p.org ?? '-'}`);
    console.log(`  purposes: ${p.purposes.length === 0 ? '- (reads no personal data)' : p.purposes.join(', ')}`);
    console.log(`  scopes:   ${p.scopes.join(' ')}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine(COMMAND, {
    allowPositionals: true,
    options: {
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      pid: { type: 'string' },
      sub: { type: 'string' },
      org: { type: 'string' },
      expires: { type: 'string' },
      scopes: { type: 'string' },
    },
  });
  if (values.list === true) {
    if (positionals.length > 0) usageError('--list takes no profile');
    listProfiles();
    return;
  }
  if (positionals.length !== 1) usageError(positionals.length === 0 ? 'name a profile' : 'name exactly one profile');
  const profileName = positionals[0] as string;
  if (!PROFILES.has(profileName)) usageError(`unknown profile "${profileName}"`);

  let expiresInSeconds: number | undefined;
  if (values.expires !== undefined) {
    if (!/^\d+$/.test(values.expires)) usageError('--expires must be a whole number of seconds');
    expiresInSeconds = Number(values.expires);
  }
  const scopes = values.scopes?.split(/\s+/).filter((s) => s !== '');

  const config = loadConfig();
  if (!config.auth.useDevelopmentKeys) {
    console.error(
      'token: development keys are disabled (NODE_ENV=production, or AUTH_JWKS_URLS / AUTH_JWKS_FILE is set); ' +
        'tokens come from your identity provider',
    );
    process.exit(1);
  }

  let token: string;
  try {
    token = await signDevelopmentToken(config.dataDir, profileName, {
      pid: values.pid,
      sub: values.sub,
      org: values.org,
      expiresInSeconds,
      scopes,
      audience: config.auth.audiences[0],
    });
  } catch (error) {
    if (error instanceof TokenRequestError) usageError(error.message);
    throw error;
  }
  process.stdout.write(`${token}\n`);
  console.error(
    `\n# ${profileName} token, valid ${expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS} s. Send it as:\n# Authorization: Bearer ${token.slice(0, 16)}...`,
  );
}

await main();
