/**
 * Development signing key (docs/ARCHITECTURE.md §5): in development mode the gateway signs and trusts its own ES256
 * key, kept in `<dataDir>/keys/` so tokens printed by `npm run token` survive a restart.
 *
 * One file holds the private JWK (mode 0600); the public key and the JWKS are derived from it, so there is no
 * second file that could disagree with the first. The file is created atomically and never overwritten: the key
 * is written to a temporary file and hard-linked to its final name (`link` fails with EEXIST when another process
 * got there first, unlike `rename`, which would silently replace the winner's key). Every process then reads the
 * key back from the final name, so concurrent starts all end up with the same key.
 */
import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const DEVELOPMENT_ALGORITHM = 'ES256';
const KEY_FILE = 'dev-signing-key.jwk.json';

export interface DevelopmentKeys {
  readonly kid: string;
  /** Where the private key lives (mode 0600). */
  readonly file: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public JWK (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`), as served in the JWKS. */
  readonly publicJwk: Readonly<JWK>;
}

export interface JsonWebKeySet {
  keys: JWK[];
}

/** One load per data directory and process; the promise is shared by concurrent callers. */
const loaded = new Map<string, Promise<DevelopmentKeys>>();

export function developmentKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'keys', KEY_FILE);
}

/**
 * The command that prints a development token signed with the key of `dataDir`: `npm run -s token -- <args>`, with
 * `DATA_DIR=<dataDir>` in front unless it is `defaultDataDir` (what `npm run` resolves an unset DATA_DIR to: `data`
 * in the project; src/main.ts knows it). `-s` keeps npm's own lines out of `TOKEN=$(...)`.
 */
export function developmentTokenCommand(dataDir: string, args: string, defaultDataDir?: string): string {
  const resolved = path.resolve(dataDir);
  const prefix =
    defaultDataDir !== undefined && resolved === path.resolve(defaultDataDir)
      ? ''
      : `DATA_DIR=${shellQuote(resolved)} `;
  return `${prefix}npm run -s token -- ${args}`;
}

/** POSIX shell quoting, only when needed (a plain path stays readable). */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Creates the development key pair in `<dataDir>/keys/` if it does not exist yet, and loads it. */
export function ensureDevelopmentKeys(dataDir: string): Promise<DevelopmentKeys> {
  const file = developmentKeyFile(dataDir);
  let keys = loaded.get(file);
  if (keys === undefined) {
    keys = loadOrCreate(file);
    loaded.set(file, keys);
    keys.catch(() => loaded.delete(file));
  }
  return keys;
}

/** The public JWKS of the development key, to serve at `/.well-known/jwks.json`. */
export async function developmentJwks(dataDir: string): Promise<JsonWebKeySet> {
  const keys = await ensureDevelopmentKeys(dataDir);
  return { keys: [{ ...keys.publicJwk }] };
}

async function loadOrCreate(file: string): Promise<DevelopmentKeys> {
  const existing = await readKeyFile(file);
  if (existing !== undefined) return importKeys(file, existing);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await createKeyFile(file);
  const created = await readKeyFile(file);
  if (created === undefined) throw new Error(`development key ${file} vanished right after it was created`);
  return importKeys(file, created);
}

async function createKeyFile(file: string): Promise<void> {
  const { privateKey } = await generateKeyPair(DEVELOPMENT_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicPart(jwk));
  const contents = `${JSON.stringify({ ...jwk, kid, alg: DEVELOPMENT_ALGORITHM, use: 'sig' }, null, 2)}\n`;
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, contents, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return; // another process won the race: use its key
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errorCode(error) ?? '')) throw error;
    // A file system without hard links: exclusive create, readers retry while the content is incomplete.
    try {
      await writeFile(file, contents, { mode: 0o600, flag: 'wx' });
    } catch (fallbackError) {
      if (errorCode(fallbackError) !== 'EEXIST') throw fallbackError;
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Reads and parses the key file; undefined when it does not exist. Retries briefly on a half-written file. */
async function readKeyFile(file: string): Promise<JWK | undefined> {
  for (let attempt = 0; ; attempt += 1) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return validatePrivateJwk(file, JSON.parse(text));
    } catch (error) {
      if (attempt >= 20 || !(error instanceof SyntaxError)) {
        throw new Error(
          `development key ${file} is unreadable (${(error as Error).message}); delete it to create a new one`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function validatePrivateJwk(file: string, value: unknown): JWK {
  const jwk = value as Partial<Record<string, unknown>> | null;
  const strings = ['kty', 'crv', 'x', 'y', 'd', 'kid'] as const;
  if (
    typeof jwk !== 'object' ||
    jwk === null ||
    strings.some((name) => typeof jwk[name] !== 'string' || jwk[name] === '') ||
    jwk.kty !== 'EC' ||
    jwk.crv !== 'P-256'
  ) {
    throw new Error(`development key ${file} is not an EC P-256 private JWK with a kid`);
  }
  return jwk;
}

async function importKeys(file: string, jwk: JWK): Promise<DevelopmentKeys> {
  await restrictPermissions(file);
  const publicJwk: JWK = Object.freeze({ ...publicPart(jwk), kid: jwk.kid, alg: DEVELOPMENT_ALGORITHM, use: 'sig' });
  const privateKey = await importJWK({ ...jwk, alg: DEVELOPMENT_ALGORITHM }, DEVELOPMENT_ALGORITHM);
  const publicKey = await importJWK(publicJwk, DEVELOPMENT_ALGORITHM);
  if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey)) throw new Error(`development key ${file}: import failed`);
  return Object.freeze({ kid: jwk.kid as string, file, privateKey, publicKey, publicJwk });
}

/** A private key readable by others is tightened back to 0600 (e.g. after a copy); a no-op on Windows. */
async function restrictPermissions(file: string): Promise<void> {
  if (os.platform() === 'win32') return;
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
}

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof key === 'object' && key !== null && !(key instanceof Uint8Array);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
