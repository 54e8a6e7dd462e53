/**
 * The personal-data classification check (docs/ARCHITECTURE.md §5, src/authz/classification.ts): every object type of
 * the real schema is personal, inherited, structural or exempt with a reason; the exemptions are listed here exactly,
 * so adding one is a reviewed change; and a schema with an unclassified type fails its build, every problem listed.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { getNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { classifyPersonalData } from '../src/authz/classification.ts';
import { AuthzSchemaError } from '../src/authz/policy.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';

const DIRECTIVES = /* GraphQL */ `
  directive @personal(subject: String, subjects: String) on OBJECT
  directive @notPersonal(reason: String!) on OBJECT
  directive @auditExempt(reason: String!) on FIELD_DEFINITION
  scalar PersonalId
`;

function classify(sdl: string) {
  return classifyPersonalData(makeExecutableSchema({ typeDefs: [DIRECTIVES, sdl] }));
}

describe('the real schema', () => {
  const classification = classifyPersonalData(buildExecutableSchema());

  it('has no classification problem', () => {
    expect(classification.problems).toEqual([]);
  });

  it('exempts exactly these types, each with its reason (a new exemption is a reviewed change of this list)', () => {
    expect(Object.fromEntries([...classification.exemptions].sort(([a], [b]) => a.localeCompare(b)))).toEqual({
      AdministrativeUnit:
        'A public registry entry (a province, ward or commune), the same for everybody who lives there.',
      Establishment: 'A licensed business (its register entry); the guest stays below it are @personal.',
      GatewayInfo: "The gateway's own name, version and mode.",
      Indicator: 'Aggregates under statistical disclosure control.',
      IndicatorCell:
        'An aggregate under disclosure control: a cell about fewer than STATS_MIN_CELL persons is withheld.',
      IndicatorDefinition: 'The fixed catalogue of indicators.',
      IndicatorSource: 'When a whole source last changed.',
      Inspection: 'An inspection of a business by an agency, about the establishment, not a person.',
      LocalizedText: 'Fixed titles and descriptions of the indicators.',
      PageInfo: 'Paging state only: whether another page exists and opaque cursors to it.',
      SourceStatus: 'When a whole source last changed, and its row count (statistics).',
    });
  });

  it('every Mutation field returns a @personal payload naming the citizens written; none is exempt', () => {
    // A new @auditExempt is a reviewed change of this list (its write must concern no citizen).
    expect(Object.fromEntries(classification.mutationExemptions)).toEqual({});
    const schema = buildExecutableSchema();
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    expect(mutations).toEqual(
      expect.arrayContaining([
        'recordEncounter',
        'registerResident',
        'moveResident',
        'deregisterResident',
        'resolveIdentityConflict',
        'submitLandChange',
        'registerLandChange',
        'rejectLandChange',
        'declareStay',
        'checkOut',
      ]),
    );
    for (const name of mutations) {
      const payload = schema.getMutationType()?.getFields()[name]?.type;
      const named = payload === undefined ? undefined : getNamedType(payload).name;
      expect([name, named === undefined ? undefined : classification.classes.get(named)]).toEqual([name, 'personal']);
    }
  });

  it('classifies the types an attacker used as personal (several subjects), and what hangs below them as inherited', () => {
    const classes = classification.classes;
    for (const name of ['Household', 'Parcel', 'LandChange', 'IdentifierResolution', 'IdentityConflict', 'Citizen'])
      expect([name, classes.get(name)]).toEqual([name, 'personal']);
    for (const name of ['Encounter', 'HealthFacility', 'Diagnosis', 'LandUsePurpose', 'PreviousPersonalId'])
      expect([name, classes.get(name)]).toEqual([name, 'inherited']);
    expect(classes.get('ResidenceRegistrationConnection')).toBe('structural');
    expect([...classes.values()]).not.toContain('unreachable');
  });
});

describe('a schema with unclassified types fails, every problem listed', () => {
  it('a type reachable from a root field, a type holding a PersonalId, a returned type of a PersonalId argument', () => {
    const { problems, classes } = classify(/* GraphQL */ `
      type Query {
        household(fileNo: String!): Household
        person(personalId: PersonalId!): Person
        stats(personalId: PersonalId!): Stats
        unit: Unit
      }
      type Household {
        address: String
        members: [Person]
        unit: Unit
      }
      type Person @personal(subject: "personalId") {
        personalId: PersonalId
        visits: [Visit]
      }
      type Visit {
        at: String
      }
      type Stats @notPersonal(reason: "counts") {
        visits: Int
      }
      type Unit @notPersonal(reason: "") {
        name: String
      }
      type Orphan {
        personalId: PersonalId
      }
    `);
    expect(problems).toEqual([
      'Unit: @notPersonal needs a reason (why the type reveals nothing about a person)',
      'Household is reachable outside any @personal object (Query.household): add @personal(subject:) or @personal(subjects:), or @notPersonal(reason:) if it reveals nothing about a person',
      'Orphan holds a PersonalId field: it must be @personal (or only below one)',
      'Stats is returned by Query.stats, which takes a PersonalId: it is about that citizen and cannot be @notPersonal',
    ]);
    expect(classes.get('Visit')).toBe('inherited');
    expect(classes.get('Person')).toBe('personal');
  });

  it('a type reached both below a @personal type and outside one is not inherited', () => {
    const { problems } = classify(/* GraphQL */ `
      type Query {
        person(personalId: PersonalId!): Person
        facilities: [Facility]
      }
      type Person @personal(subject: "personalId") {
        personalId: PersonalId
        facility: Facility
      }
      type Facility {
        name: String
      }
    `);
    expect(problems).toEqual([
      'Facility is reachable outside any @personal object (Query.facilities): add @personal(subject:) or @personal(subjects:), or @notPersonal(reason:) if it reveals nothing about a person',
    ]);
  });

  it('connections and edges are transparent: what they hold is classified', () => {
    const { problems } = classify(/* GraphQL */ `
      type Query {
        households(first: Int): HouseholdConnection
      }
      type HouseholdConnection {
        edges: [HouseholdEdge!]!
      }
      type HouseholdEdge {
        cursor: String!
        node: Household
      }
      type Household {
        address: String
      }
    `);
    expect(problems).toEqual([
      'Household is reachable outside any @personal object (Query.households → HouseholdConnection.edges → HouseholdEdge.node): add @personal(subject:) or @personal(subjects:), or @notPersonal(reason:) if it reveals nothing about a person',
    ]);
  });

  it('a Mutation field whose payload names no citizen, unless @auditExempt with a reason', () => {
    const { problems, mutationExemptions } = classify(/* GraphQL */ `
      type Query {
        unit: Unit
      }
      type Mutation {
        submit: SubmitPayload
        record: RecordPayload
        count: Int
        touch: Unit @auditExempt(reason: "Touches a public register entry only.")
        blank: Unit @auditExempt(reason: " ")
      }
      type SubmitPayload @notPersonal(reason: "only an ID") {
        id: ID
      }
      type RecordPayload @personal(subject: "personalId") {
        personalId: PersonalId
      }
      type Unit @notPersonal(reason: "a public register entry") {
        name: String
      }
    `);
    expect(problems).toEqual([
      "Mutation.submit returns SubmitPayload, which names no citizen: its audit record could not be written in the mutation's transaction; make the payload @personal(subject:) or @personal(subjects:) naming the citizens written, or mark the field @auditExempt(reason:) if its write concerns nobody",
      "Mutation.count returns Int, which names no citizen: its audit record could not be written in the mutation's transaction; make the payload @personal(subject:) or @personal(subjects:) naming the citizens written, or mark the field @auditExempt(reason:) if its write concerns nobody",
      'Mutation.blank: @auditExempt needs a reason (why its write concerns no citizen)',
    ]);
    expect(Object.fromEntries(mutationExemptions)).toEqual({
      'Mutation.touch': 'Touches a public register entry only.',
      'Mutation.blank': ' ',
    });
  });

  it('the gateway refuses to build such a schema (AuthzSchemaError)', async () => {
    const { assertPersonalDataClassified } = await import('../src/authz/classification.ts');
    const schema = makeExecutableSchema({
      typeDefs: [DIRECTIVES, `type Query { household: Household } type Household { address: String }`],
    });
    expect(() => assertPersonalDataClassified(schema)).toThrow(AuthzSchemaError);
  });
});

describe('@personal(subjects:) is checked with the other authorization rules', () => {
  it('exactly one of subject and subjects; subjects must not name a field (callers must not see the list)', async () => {
    const { compileAuthzPolicy } = await import('../src/authz/policy.ts');
    const schema = makeExecutableSchema({
      typeDefs: [
        DIRECTIVES,
        `directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
         directive @public on FIELD_DEFINITION
         type Query {
           a: A @requiresScopes(scopes: [["household:registration:read"]])
           b: B @requiresScopes(scopes: [["household:registration:read"]])
           c: C @requiresScopes(scopes: [["household:registration:read"]])
         }
         type A @personal(subject: "personalId", subjects: "ids") { personalId: PersonalId }
         type B @personal(subjects: "memberIds") { memberIds: [PersonalId] }
         type C @personal { name: String @public }`,
      ],
    });
    let problems: readonly string[] = [];
    try {
      compileAuthzPolicy(schema);
    } catch (error) {
      if (!(error instanceof AuthzSchemaError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'A: @personal takes exactly one of subject and subjects',
        'B: @personal(subjects: "memberIds") must name a property of the model that is not a field (callers must not see the list)',
        'C: @personal takes exactly one of subject and subjects',
      ]),
    );
  });
});
