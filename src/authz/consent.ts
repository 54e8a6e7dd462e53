/**
 * The consent rule's decision per request and its declaration in the SDL (docs/ARCHITECTURE.md §5).
 *
 * `@requiresConsent(category:)` marks the fields whose rows belong to a facility (or, the health summary, to none) and
 * so are read by another organisation only under the citizen's consent (Decree 13/2023/ND-CP art. 11 and the
 * Personal Data Protection Law 91/2025/QH15: health data is sensitive personal data, shared with the data subject's
 * consent). This module decides once per request what the rule lets the caller read (consentRuleOf); the loaders of
 * those fields compose the SQL predicate of src/lib/consent-sql.ts with it, so the rule is applied per row in the
 * database, batched with the rows themselves. test/consent.test.ts walks every field carrying the directive and
 * proves its rows are withheld without consent.
 */
import { getDirective } from '@graphql-tools/utils';
import { isObjectType, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { ConsentRule } from '../lib/consent-sql.ts';

export const REQUIRES_CONSENT = 'requiresConsent';

/**
 * What the consent rule lets this request read of rows of other organisations:
 *  - a token bound to a citizen (`pid`) reads only that citizen's data (src/authz/transform.ts), so nothing more to
 *    decide: unrestricted;
 *  - a break-glass request (GatewayContext.breakGlass, an emergency read for treatment) reads as if consent existed;
 *  - any other caller: its own organisation's rows, others only under consent for its `org` and `X-Purpose`.
 */
export function consentRuleOf(ctx: Pick<GatewayContext, 'principal' | 'purpose' | 'breakGlass'>): ConsentRule {
  if (ctx.principal.pid !== undefined) return { kind: 'unrestricted', why: 'own-data' };
  if (ctx.breakGlass !== undefined) return { kind: 'unrestricted', why: 'break-glass' };
  return { kind: 'consent', organisation: ctx.principal.org ?? null, purpose: ctx.purpose ?? null };
}

/** Every field carrying @requiresConsent, `Type.field` → its data category. */
export function consentGuardedFields(schema: GraphQLSchema): Map<string, string> {
  const fields = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const [directive] = getDirective(schema, field, REQUIRES_CONSENT) ?? [];
      if (directive !== undefined) fields.set(`${type.name}.${field.name}`, String(directive.category));
    }
  }
  return fields;
}
