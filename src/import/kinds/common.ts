/** Field readers shared by the record kinds. */
import { personalIdProblem } from '../../lib/personal-id.ts';
import type { FieldReader } from '../fields.ts';

/** A 12-digit personal ID whose province code and birth year are possible (lib/personal-id.ts). */
export function personalIdField(r: FieldReader, name: string, required: boolean): string | undefined {
  const value = r.string(name, { required });
  if (value === undefined) return undefined;
  const problem = personalIdProblem(value);
  if (problem !== undefined) {
    r.problem(name, problem);
    return undefined;
  }
  return value;
}

/** ISO 3166-1 alpha-3. */
export const NATIONALITY = /^[A-Z]{3}$/;
/** A 5-digit commune/ward code (after the 1 July 2025 reorganisation). */
export { COMMUNE_CODE } from '../../lib/input.ts';
