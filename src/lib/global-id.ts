/** Relay global IDs: base64url("Type:key"), opaque to clients. */
import { badUserInput } from './errors.ts';

export function toGlobalId(type: string, key: string | number): string {
  return Buffer.from(`${type}:${key}`).toString('base64url');
}

/** The type and key of a global ID; undefined for anything that is not one (it is then nobody's ID). */
export function parseGlobalId(id: unknown): { type: string; key: string } | undefined {
  if (typeof id !== 'string' || id.length === 0 || id.length > 512 || !/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0 || separator === decoded.length - 1) return undefined;
  const type = decoded.slice(0, separator);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(type) ? { type, key: decoded.slice(separator + 1) } : undefined;
}

export function fromGlobalId(id: string, expectedType: string, argumentName = 'id'): string {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0 || decoded.slice(0, separator) !== expectedType) {
    throw badUserInput(`"${argumentName}" is not the ID of a ${expectedType}`, argumentName);
  }
  return decoded.slice(separator + 1);
}
