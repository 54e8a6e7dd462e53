/**
 * Opaque page cursors (docs/ARCHITECTURE.md §5, "Cursors"): AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV
 * per cursor. The position inside (a sort value and a row id) is unreadable, and the cursor is bound, as GCM
 * additional authenticated data, to the list it came from (field coordinate, parent, filter arguments) and to the
 * caller (token `sub` and `pid`): a cursor replayed on another list, parent, filter or by another client fails
 * authentication exactly like garbage.
 *
 * Layout, base64url: key id (1 byte) ‖ IV (12) ‖ ciphertext ‖ tag (16). The key id (first byte of SHA-256 of the
 * key) picks the key among CURSOR_KEY and CURSOR_PREVIOUS_KEYS, so keys can be rotated without breaking the cursors
 * clients hold. The plaintext is padded to a multiple of 64 bytes so its length does not tell sort values apart.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const CURSOR_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PAD_TO = 64;
const KEY_FILE = 'cursor.key';

interface CursorKey {
  readonly id: number;
  readonly secret: Buffer;
}

function cursorKey(secret: Buffer): CursorKey {
  if (secret.length !== CURSOR_KEY_BYTES) throw new Error(`a cursor key has ${CURSOR_KEY_BYTES} bytes`);
  return { id: createHash('sha256').update(secret).digest()[0] as number, secret: Buffer.from(secret) };
}

/** Seals and opens cursors with one current key (seal and open) and older keys (open only). */
export class CursorCodec {
  private readonly current: CursorKey;
  private readonly all: readonly CursorKey[];

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.current = cursorKey(current);
    this.all = [this.current, ...previous.map(cursorKey)];
  }

  /** The cursor of `payload` for the list and caller described by `binding`. */
  seal(binding: string, payload: string): string {
    const text = Buffer.from(payload, 'utf8');
    const padded = Buffer.alloc(Math.ceil((text.length + 1) / PAD_TO) * PAD_TO);
    text.copy(padded);
    padded[text.length] = 0x80; // ISO/IEC 7816-4 padding: 0x80 then zeros
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.secret, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const sealed = Buffer.concat([cipher.update(padded), cipher.final()]);
    return Buffer.concat([Buffer.of(this.current.id), iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The payload of a cursor sealed for `binding`; undefined for anything else (another list, caller, key, garbage). */
  open(binding: string, cursor: string): string | undefined {
    if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 1 + IV_BYTES + PAD_TO + TAG_BYTES || (bytes.length - 1 - IV_BYTES - TAG_BYTES) % PAD_TO !== 0) {
      return undefined;
    }
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const sealed = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    for (const key of this.all) {
      if (key.id !== bytes[0]) continue;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.secret, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(binding, 'utf8'));
        decipher.setAuthTag(tag);
        const padded = Buffer.concat([decipher.update(sealed), decipher.final()]);
        const end = padded.lastIndexOf(0x80);
        if (end < 0 || padded.subarray(end + 1).some((byte) => byte !== 0)) return undefined;
        return padded.subarray(0, end).toString('utf8');
      } catch {
        // authentication failed with this key: try the next one with the same id
      }
    }
    return undefined;
  }
}

export function developmentCursorKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'keys', KEY_FILE);
}

/**
 * The development cursor key in DATA_DIR/keys (base64, mode 0600), created on first use so cursors survive a restart.
 * Created like the development signing key: written to a temporary file and hard-linked to its name, so concurrent
 * first starts end up with one key.
 */
export function ensureDevelopmentCursorKey(dataDir: string): Buffer {
  const file = developmentCursorKeyFile(dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(temporary, `${randomBytes(CURSOR_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== CURSOR_KEY_BYTES)
    throw new Error(`development cursor key ${file} is not 32 bytes of base64; delete it`);
  return key;
}
