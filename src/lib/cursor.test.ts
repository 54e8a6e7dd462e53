/** The cursor codec (src/lib/cursor.ts): sealing, binding, key rotation, and the development key in DATA_DIR. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CursorCodec, developmentCursorKeyFile, ensureDevelopmentCursorKey } from './cursor.ts';

const BINDING = JSON.stringify(['Household.members', '12', { includeEnded: false }, 'residence-police-37', null]);
const POSITION = JSON.stringify(['0011995-12-09', 6097]);

describe('CursorCodec', () => {
  it('opens what it sealed for the same binding only; nothing of the position is readable', () => {
    const codec = new CursorCodec(randomBytes(32));
    const cursor = codec.seal(BINDING, POSITION);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/1995-12|6097/);
    expect(codec.open(BINDING, cursor)).toBe(POSITION);
    expect(codec.seal(BINDING, POSITION)).not.toBe(cursor); // a random IV each time
    expect(codec.open(BINDING.replace('12', '13'), cursor)).toBeUndefined();
    expect(codec.open(BINDING.replace('police-37', 'police-38'), cursor)).toBeUndefined();
    expect(new CursorCodec(randomBytes(32)).open(BINDING, cursor)).toBeUndefined();
  });

  it('refuses every single-bit change, truncation and garbage', () => {
    const codec = new CursorCodec(randomBytes(32));
    const bytes = Buffer.from(codec.seal(BINDING, POSITION), 'base64url');
    for (let index = 0; index < bytes.length; index += 1) {
      const copy = Buffer.from(bytes);
      copy[index] = (copy[index] as number) ^ 0x80;
      expect(codec.open(BINDING, copy.toString('base64url')), `byte ${index}`).toBeUndefined();
    }
    for (const garbage of ['', 'not-a-cursor', bytes.subarray(0, 40).toString('base64url'), 'x'.repeat(5000)]) {
      expect(codec.open(BINDING, garbage)).toBeUndefined();
    }
  });

  it('pads positions so that their length does not show, and keeps text of any length intact', () => {
    const codec = new CursorCodec(randomBytes(32));
    const short = codec.seal(BINDING, JSON.stringify(['2026-01-01', 1]));
    const longer = codec.seal(BINDING, JSON.stringify(['2026-01-01T00:00:00.000Z', 123456]));
    expect(short.length).toBe(longer.length);
    for (const text of ['', 'seq:1', 'é'.repeat(31), 'x'.repeat(32), 'Khách sạn Tràng An\u0080'.repeat(5)]) {
      expect(codec.open(BINDING, codec.seal(BINDING, text))).toBe(text);
    }
  });

  it('accepts cursors of a previous key after rotation, and seals with the current one', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new CursorCodec(oldKey).seal(BINDING, POSITION);
    const rotated = new CursorCodec(newKey, [oldKey]);
    expect(rotated.open(BINDING, before)).toBe(POSITION);
    const after = rotated.seal(BINDING, POSITION);
    expect(new CursorCodec(newKey).open(BINDING, after)).toBe(POSITION);
    expect(new CursorCodec(oldKey).open(BINDING, after)).toBeUndefined();
    expect(new CursorCodec(newKey).open(BINDING, before)).toBeUndefined(); // the old key dropped
  });
});

describe('the development cursor key', () => {
  it('is created once in DATA_DIR/keys (mode 0600) and read back the same, so cursors survive a restart', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-cursor-key-'));
    try {
      const first = ensureDevelopmentCursorKey(dataDir);
      expect(first).toHaveLength(32);
      const file = developmentCursorKeyFile(dataDir);
      if (os.platform() !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(ensureDevelopmentCursorKey(dataDir)).toEqual(first);
      const cursor = new CursorCodec(first).seal(BINDING, POSITION);
      expect(new CursorCodec(ensureDevelopmentCursorKey(dataDir)).open(BINDING, cursor)).toBe(POSITION);
      fs.writeFileSync(file, 'short\n');
      expect(() => ensureDevelopmentCursorKey(dataDir)).toThrow(/delete it/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
