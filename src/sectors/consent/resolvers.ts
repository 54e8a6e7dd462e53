/**
 * The citizen's consents (schema/consent.graphql, docs/ARCHITECTURE.md §5): `myConsents`, `grantConsent`,
 * `revokeConsent`. Only a token bound to a citizen (`pid`) has consents; any other token is FORBIDDEN here even if an
 * identity provider gave it the scope: a consent is the data subject's decision (Decree 13/2023/ND-CP art. 11), never
 * an organisation's.
 *
 * Each mutation checks its input first (every problem listed), then runs in one transaction with its audit record
 * (src/lib/mutation.ts): the payload names the citizen, so the grant or revocation is in their `myAccessLog`.
 */
import type { GatewayContext } from '../../context.ts';
import type { GrantConsentInput, Resolvers } from '../../generated/graphql.ts';
import { isPurposeOfUse } from '../../auth/purposes.ts';
import { pageRequest } from '../../lib/connection.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import { forbidden, InputProblems, integerKeyOf, invalidInputOf, normaliseInstant } from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { CONSENT_COLUMNS, createConsentLoaders } from './loaders.ts';
import type { ConsentModel, GrantConsentPayloadModel, RevokeConsentPayloadModel } from './mappers.ts';

/** An `org` claim value: a hospital's facility code (`37001`), an office code (`BHXH37`), a licence number. */
const ORGANISATION = /^[0-9A-Z][0-9A-Z._-]{1,39}$/;

/**
 * The longest consent: 5 years. A consent is renewed, not open-ended (Decree 13/2023/ND-CP art. 11: consent is
 * specific and the subject can withdraw it; a bound keeps forgotten consents from reading for decades).
 */
export const MAX_CONSENT_YEARS = 5;

/**
 * Purposes when the input names none: treatment, what a patient shares records with a facility for. A consent may
 * name every purpose of use but CITIZEN_SELF_SERVICE (an organisation never reads as the citizen).
 */
const DEFAULT_PURPOSES = ['TREATMENT'];

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createConsentLoaders);

/** The token's citizen; FORBIDDEN for a token bound to none. */
function citizenOf(ctx: GatewayContext, action: string): string {
  const pid = ctx.principal.pid;
  if (pid === undefined) {
    throw forbidden(`Only the citizen ${action} their consents: this token is bound to no citizen (pid)`);
  }
  return pid;
}

function maxValidUntil(now: number): number {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_CONSENT_YEARS);
  return limit.getTime();
}

function checkGrant(input: GrantConsentInput, now = Date.now()) {
  const problems = new InputProblems();
  if (!ORGANISATION.test(input.organisation)) {
    problems.add('input.organisation', 'must be an org code: 2-40 capital letters, digits, ".", "_" or "-"');
  }
  if (input.categories.length === 0) problems.add('input.categories', 'name at least one data category');
  input.categories.forEach((category, index) => {
    if (input.categories.indexOf(category) !== index) problems.add(`input.categories[${index}]`, 'listed twice');
  });
  const purposes = input.purposes ?? DEFAULT_PURPOSES;
  if (purposes.length === 0) problems.add('input.purposes', 'name at least one purpose (or omit it for TREATMENT)');
  purposes.forEach((purpose, index) => {
    const field = `input.purposes[${index}]`;
    if (!isPurposeOfUse(purpose) || purpose === 'CITIZEN_SELF_SERVICE') {
      problems.add(field, 'not a purpose of use an organisation reads for (e.g. TREATMENT, INSURANCE)');
    } else if (purposes.indexOf(purpose) !== index) problems.add(field, 'listed twice');
  });
  const validUntil = Date.parse(input.validUntil);
  if (!(validUntil > now)) problems.add('input.validUntil', 'must be in the future');
  else if (validUntil > maxValidUntil(now)) {
    problems.add('input.validUntil', `at most ${MAX_CONSENT_YEARS} years ahead`);
  }
  return { problems, purposes };
}

export const consentResolvers: Resolvers = {
  Query: {
    myConsents: async (_root, args, ctx, info) => {
      const pid = ctx.principal.pid;
      if (pid === undefined) return null;
      const page = pageRequest(ctx, info, pid, args, 20);
      const rows = await loaders(ctx).consentPages.load({ parentKey: pid, page: page.request, filter: null });
      return page.connection(rows, (row) => row);
    },
  },
  Mutation: {
    grantConsent: async (_root, { input }, ctx) => {
      const personalId = citizenOf(ctx, 'grants');
      const { problems, purposes } = checkGrant(input);
      problems.throwIfAny();
      return runMutation<GrantConsentPayloadModel>({ ctx, mutation: 'grantConsent', input }, async (tx) => {
        const [row] = await tx.query<ConsentModel>(
          `WITH inserted AS (
               INSERT INTO core.consent (personal_id, organisation, categories, purposes, valid_until)
               SELECT $1, $2, $3::text[], $4::text[], $5::timestamptz
               WHERE EXISTS (SELECT 1 FROM core.citizen WHERE personal_id = $1)
               RETURNING *
             )
             SELECT ${CONSENT_COLUMNS} FROM inserted t`,
          [personalId, input.organisation, input.categories, purposes, normaliseInstant(input.validUntil)],
        );
        if (row === undefined) {
          throw forbidden('This token is bound to a personal ID that is not in the population registry');
        }
        return { personalId, consent: row };
      });
    },
    revokeConsent: async (_root, args, ctx) => {
      const personalId = citizenOf(ctx, 'revokes');
      const unknown = () => {
        const problems = new InputProblems();
        problems.add('id', 'no consent of this citizen has this ID');
        return invalidInputOf(problems);
      };
      const id = integerKeyOf(args.id, 'Consent');
      if (id === undefined) throw unknown();
      return runMutation<RevokeConsentPayloadModel>({ ctx, mutation: 'revokeConsent', input: args }, async (tx) => {
        // Another citizen's consent is not found: answered exactly like an ID that names no consent.
        const [row] = await tx.query<ConsentModel>(
          `WITH revoked AS (
               UPDATE core.consent SET revoked_at = COALESCE(revoked_at, now())
               WHERE id = $1 AND personal_id = $2
               RETURNING *
             )
             SELECT ${CONSENT_COLUMNS} FROM revoked t`,
          [id, personalId],
        );
        if (row === undefined) throw unknown();
        return { personalId, consent: row };
      });
    },
  },
  Consent: {
    id: (consent) => toGlobalId('Consent', consent.id),
  },
};
