/** Relay global IDs: base64url("Type:key"), opaque to clients. */
import { badUserInput } from './errors.ts';

export function toGlobalId(type: string, key: string | number): string {
  return Buffer.from(`${type}:${key}`).toString('base64url');
}

export function fromGlobalId(id: string, expectedType: string, argumentName = 'id'): string {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0 || decoded.slice(0, separator) !== expectedType) {
    throw badUserInput(`"${argumentName}" is not the ID of a ${expectedType}`, argumentName);
  }
  return decoded.slice(separator + 1);
}
