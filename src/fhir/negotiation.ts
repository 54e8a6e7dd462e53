/**
 * Content negotiation of the FHIR endpoint (FHIR R4 http.html#mime-type and #parameters `_format`). The gateway
 * answers JSON only: `application/fhir+json` (R4), also served for `application/json` and the DSTU2 name
 * `application/json+fhir` that older clients still send. `_format` wins over `Accept` (R4: "_format overrides the
 * Accept header"); XML, Turtle or another FHIR version (`fhirVersion` media-type parameter other than 4.0) is
 * 406 Not Acceptable.
 */
import type { IncomingMessage } from 'node:http';

/** `_format` values meaning FHIR JSON (R4 http.html#parameters: `json`, or a JSON media type). */
const JSON_FORMATS: ReadonlySet<string> = new Set([
  'json',
  'application/json',
  'application/fhir+json',
  'application/json+fhir',
]);

/** Media ranges of `Accept` a FHIR JSON answer satisfies. */
const JSON_RANGES: ReadonlySet<string> = new Set([
  'application/fhir+json',
  'application/json',
  'application/json+fhir',
  'application/*',
  '*/*',
]);

/** The FHIR version this endpoint speaks, as the `fhirVersion` media-type parameter names it (R4 versioning.html). */
const FHIR_VERSION_PARAMETER = '4.0';

export type Negotiation = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Whether the request accepts FHIR JSON (by `_format`, else `Accept`; no `Accept` accepts anything). */
export function negotiate(req: IncomingMessage, url: URL): Negotiation {
  const format = url.searchParams.get('_format');
  if (format !== null) {
    const value = format.trim().toLowerCase();
    // Only the media type counts (a `_format=application/fhir+json;fhirVersion=4.0` carries its own parameter).
    const [type = '', ...parameters] = value.split(';').map((part) => part.trim());
    if (JSON_FORMATS.has(type) && versionAccepted(parameters)) return { ok: true };
    return { ok: false, message: `_format=${format.slice(0, 60)} is not served: this endpoint answers FHIR JSON only` };
  }
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '') return { ok: true };
  for (const range of accept.split(',')) {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (!JSON_RANGES.has(type)) continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    if (quality !== undefined && Number(quality.slice(2)) === 0) continue;
    if (versionAccepted(parameters)) return { ok: true };
  }
  return {
    ok: false,
    message: 'Accept names no format this endpoint serves: it answers application/fhir+json (FHIR R4, 4.0) only',
  };
}

function versionAccepted(parameters: readonly string[]): boolean {
  const version = parameters.find((parameter) => parameter.startsWith('fhirversion='));
  return version === undefined || version.slice('fhirversion='.length).replace(/"/g, '') === FHIR_VERSION_PARAMETER;
}
