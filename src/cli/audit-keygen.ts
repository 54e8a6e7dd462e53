/**
 * `npm run audit:keygen -- --out <file> [--public-out <file>]`
 *
 * Creates the Ed25519 key that signs the audit log's anchors and archive segments (docs/ARCHITECTURE.md §6): the
 * private JWK goes to --out (mode 0600; an existing file is never replaced), the public JWK to --public-out when given
 * and to stdout. Production gateways refuse to start without it: point AUDIT_SIGNING_KEY_FILE at the private file on
 * every replica, and keep the public key where the database's writers cannot change it (`audit:verify --public-key`).
 *
 * Exit codes: 0 created, 1 the file exists or cannot be written, 2 usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readArchiveKey, writeNewArchiveKey } from '../audit/segments.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run audit:keygen -- --out <file> [--public-out <file>]
  --out         where to write the new private key (JWK, mode 0600); must not exist
  --public-out  also write the public key (JWK) there, for audit:verify --public-key`;

const COMMAND = { name: 'audit:keygen', usage: USAGE };

const parsed = parseCommandLine(COMMAND, {
  options: { out: { type: 'string' }, 'public-out': { type: 'string' }, help: { type: 'boolean' } },
});
const out = parsed.values.out;
if (out === undefined) commandUsageError(COMMAND, '--out is required');
const publicOut = parsed.values['public-out'];

try {
  const file = path.resolve(out);
  if (!writeNewArchiveKey(file)) {
    console.error(`audit:keygen: ${file} already exists; it is not replaced (anchors signed with it must stay valid)`);
    process.exit(1);
  }
  const key = readArchiveKey(file);
  const publicJwk = `${JSON.stringify({ ...key.publicJwk, alg: 'EdDSA', use: 'sig' }, null, 2)}\n`;
  if (publicOut !== undefined) fs.writeFileSync(path.resolve(publicOut), publicJwk, { flag: 'wx' });
  console.error(
    `audit:keygen: private key ${key.kid} written to ${file} (mode 0600): set AUDIT_SIGNING_KEY_FILE=${file}`,
  );
  process.stdout.write(publicJwk);
} catch (error) {
  console.error(`audit:keygen: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
