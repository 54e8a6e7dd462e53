/**
 * Prints a development token for a sector profile (docs/ARCHITECTURE.md §5):
 *
 *   npm run -s token -- <profile> [--pid <12 digits>] [--sub <id>] [--org <code>] [--expires <seconds>] [--scopes "a b"]
 *   npm run -s token -- --list
 *
 * Only the token goes to stdout (so `TOKEN=$(npm run -s token -- hospital)` works); hints go to stderr. The token is
 * signed with the development key of DATA_DIR (`./data` by default), the key a gateway started with the same DATA_DIR
 * trusts; when a development gateway answering on HOST:PORT publishes another key, a warning on stderr says so.
 * Exit codes: 0 ok, 1 refused (no development keys: production, or a real key source is configured), 2 usage.
 */
import { decodeProtectedHeader } from 'jose';
import { developmentKeyFile } from '../auth/dev-keys.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, PROFILES, signDevelopmentToken, TokenRequestError } from '../auth/profiles.ts';
import { loadConfig, type Config } from '../config.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run -s token -- <profile> [--pid <12 digits>] [--sub <id>] [--org <code>] [--expires <seconds>] [--scopes "<scope> <scope>..."]
       npm run -s token -- --list
profiles: ${[...PROFILES.keys()].join(', ')}`;

const COMMAND = { name: 'token', usage: USAGE };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

/** How long to wait for a local gateway's JWKS: it answers at once or is not running. */
const GATEWAY_CHECK_TIMEOUT_MS = 1500;

/**
 * Warns when the development gateway on this configuration's HOST:PORT would refuse the token (401 "signed by an
 * unknown key"): it was started with another DATA_DIR, so it signs and trusts another key. Silent when nothing
 * answers there, or not with a key set (a production gateway serves none).
 */
async function warnIfGatewayUsesAnotherKey(config: Config, token: string): Promise<void> {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  let keys: unknown;
  try {
    const response = await fetch(`${origin}/.well-known/jwks.json`, {
      signal: AbortSignal.timeout(GATEWAY_CHECK_TIMEOUT_MS),
    });
    if (!response.ok) return;
    keys = ((await response.json()) as { keys?: unknown }).keys;
  } catch {
    return; // no gateway there (or not one of ours): nothing to compare with
  }
  if (!Array.isArray(keys)) return;
  const kid = decodeProtectedHeader(token).kid;
  if (keys.some((key: unknown) => (key as { kid?: unknown } | null)?.kid === kid)) return;
  console.error(
    `token: warning: the gateway on ${origin} uses another development key (it was started with another DATA_DIR) ` +
      `and will answer 401 "token signed by an unknown key". This token is signed with ${developmentKeyFile(config.dataDir)}; ` +
      `run this command with the DATA_DIR the gateway was started with (its start-up banner prints the exact command).`,
  );
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
  if (config.port !== 0) await warnIfGatewayUsesAnotherKey(config, token);
  console.error(
    `\n# ${profileName} token, valid ${expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS} s. Send it as:\n# Authorization: Bearer ${token.slice(0, 16)}...`,
  );
}

await main();
