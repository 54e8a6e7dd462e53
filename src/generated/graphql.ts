import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AccessRecordModel, AccessLogEntryModel, SecurityEventModel, BreakGlassReviewModel, ReviewBreakGlassPayloadModel } from '../sectors/audit/mappers.ts';
import type { CitizenModel, PreviousPersonalIdModel, AdministrativeUnitModel } from '../sectors/citizen/mappers.ts';
import type { ConsentModel, GrantConsentPayloadModel, RevokeConsentPayloadModel } from '../sectors/consent/mappers.ts';
import type { SourceStatusModel } from '../sectors/freshness/mappers.ts';
import type { HealthRecordModel, HealthSummaryModel, HealthFacilityModel, InsuranceCoverageModel, EncounterModel, PaymentModel, VaccinationModel, RecordEncounterPayloadModel, DischargeEncounterPayloadModel, RecordPaymentPayloadModel, RecordVaccinationPayloadModel, EncounterConnectionModel, PaymentConnectionModel, VaccinationConnectionModel, PaymentBatchResultModel, EncounterBatchResultModel, RecordEncounterBatchPayloadModel } from '../sectors/health/mappers.ts';
import type { HouseholdModel, ResidenceRegistrationModel, RegisterResidentPayloadModel, MoveResidentPayloadModel, DeregisterResidentPayloadModel } from '../sectors/household/mappers.ts';
import type { IdentifierResolutionModel, LegacyIdentifierModel, IdentityConflictModel, IdentityClaimModel } from '../sectors/identity/mappers.ts';
import type { ParcelModel, LandRightModel, LandChangeModel, LandChangePartyModel, SubmitLandChangePayloadModel, RejectLandChangePayloadModel, RegisterLandChangePayloadModel } from '../sectors/land/mappers.ts';
import type { IndicatorModel, IndicatorDefinitionModel } from '../sectors/stats/mappers.ts';
import type { EstablishmentModel, GuestStayModel, InspectionModel, DeclareStayPayloadModel, CheckOutPayloadModel } from '../sectors/tourism/mappers.ts';
import type { GatewayContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, ISO 8601 `YYYY-MM-DD`. */
  Date: { input: string; output: string; }
  /** An instant, ISO 8601 with offset, e.g. `2026-11-28T08:30:00.000Z`. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number, serialised as a string (money in VND, areas in m², shares in %). */
  Decimal: { input: string; output: string; }
  /**
   * A 12-digit Vietnamese personal identification number `PPP C YY RRRRRR` (Circular 59/2021/TT-BCA):
   * PPP birth-registration province, C century and sex, YY birth year, RRRRRR random. Validated on input.
   */
  PersonalId: { input: string; output: string; }
};

export type AccessLogConnection = {
  __typename?: 'AccessLogConnection';
  edges: Array<AccessLogEdge>;
  pageInfo: PageInfo;
};

export type AccessLogEdge = {
  __typename?: 'AccessLogEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<AccessLogEntry>;
};

/**
 * One read of the citizen's personal data, as the citizen sees it: who (organisation and client application), when,
 * why, and which kinds of data. Not the query, the request or the official.
 */
export type AccessLogEntry = {
  __typename?: 'AccessLogEntry';
  at: Scalars['DateTime']['output'];
  /** An emergency read without the citizen's consent (break-glass, docs/ARCHITECTURE.md §5); an auditor reviews it. */
  breakGlass: Scalars['Boolean']['output'];
  /** The reason the hospital stated for the emergency read (identifiers masked); null unless `breakGlass`. */
  breakGlassReason?: Maybe<Scalars['String']['output']>;
  /** `sub` of the client application. */
  client: Scalars['String']['output'];
  /** What kinds of data were released (empty when nothing was). */
  dataCategories: Array<DataCategory>;
  /** `org` of the client, e.g. a hospital's facility code; null when the token had none. */
  organisation?: Maybe<Scalars['String']['output']>;
  outcome: AccessOutcome;
  /** The citizen (the token's personal ID; records under a previous, re-issued ID are included). */
  personalId: Scalars['PersonalId']['output'];
  /** The purpose of use it stated. */
  purpose?: Maybe<Scalars['String']['output']>;
};

/** Whether the data asked for was released. */
export type AccessOutcome =
  /** The citizen was asked for (by personal ID) and nothing was released. */
  | 'DENIED'
  /** Everything asked for about the citizen was released. */
  | 'GRANTED'
  /** Some fields about the citizen were released, others denied. */
  | 'PARTIAL';

/** One record of the access log, in full (auditors; a client for its own reads). */
export type AccessRecord = {
  __typename?: 'AccessRecord';
  /** `X-User-Id`: the official acting through the client. */
  actingUser?: Maybe<Scalars['String']['output']>;
  at: Scalars['DateTime']['output'];
  /** A break-glass read (`X-Break-Glass`): consent was not required; the request has a `BreakGlassReview`. */
  breakGlass: Scalars['Boolean']['output'];
  /** The reason stated in `X-Break-Glass` (identifiers masked); null unless `breakGlass`. Covered by `hash`. */
  breakGlassReason?: Maybe<Scalars['String']['output']>;
  /** `org` of the client. */
  clientOrg?: Maybe<Scalars['String']['output']>;
  /** `sub` of the client. */
  clientSub: Scalars['String']['output'];
  dataCategories: Array<DataCategory>;
  /** Field coordinates asked for and denied. */
  deniedFields: Array<Scalars['String']['output']>;
  /** SHA-256 (hex) of the operation document. */
  documentHash: Scalars['String']['output'];
  /** Field coordinates released, e.g. `Encounter.principalDiagnosis`. */
  fields: Array<Scalars['String']['output']>;
  /** SHA-256 of the previous record and this one's content (`npm run audit:verify` checks the chain). */
  hash: Scalars['String']['output'];
  operationName?: Maybe<Scalars['String']['output']>;
  outcome: AccessOutcome;
  /** The personal ID the data was read under (a previous ID for records made before it was re-issued). */
  personalId: Scalars['PersonalId']['output'];
  prevHash: Scalars['String']['output'];
  /** `X-Purpose`. */
  purpose?: Maybe<Scalars['String']['output']>;
  /** The gateway's request id (`X-Request-Id` of the response): the records of one request share it. */
  requestId: Scalars['String']['output'];
  /** Position in the hash chain of the gateway process that wrote it (a 64-bit integer as a string; one chain per writer). */
  seq: Scalars['String']['output'];
};

export type AccessRecordConnection = {
  __typename?: 'AccessRecordConnection';
  edges: Array<AccessRecordEdge>;
  pageInfo: PageInfo;
};

export type AccessRecordEdge = {
  __typename?: 'AccessRecordEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<AccessRecord>;
};

export type AdministrativeLevel =
  | 'COMMUNE'
  | 'PROVINCE'
  | 'WARD';

/** A province (2- or 3-digit code) or commune/ward (5-digit code), as reorganised on 1 July 2025. */
export type AdministrativeUnit = {
  __typename?: 'AdministrativeUnit';
  code: Scalars['String']['output'];
  level: AdministrativeLevel;
  name: Scalars['String']['output'];
};

/** What a batch did with an encounter or a payment. */
export type BatchOutcome =
  /** Written by this request. */
  | 'CREATED'
  /** Recorded before with the same content: nothing written. */
  | 'EXISTING';

/**
 * One break-glass request (`X-Break-Glass`, docs/ARCHITECTURE.md §5): a hospital read health data as if the patients had
 * consented, for an emergency. Recorded when the request's access records were written, even when it read nothing;
 * reviewed once by an auditor. It names the patients concerned, so reading it needs a purpose and is recorded in their
 * access logs.
 */
export type BreakGlassReview = {
  __typename?: 'BreakGlassReview';
  /** `X-User-Id`: the official acting through the client. */
  actingUser?: Maybe<Scalars['String']['output']>;
  /** When the request's records were written. */
  at: Scalars['DateTime']['output'];
  /** `org` of the client: the hospital's facility code. */
  clientOrg?: Maybe<Scalars['String']['output']>;
  /** `sub` of the client. */
  clientSub: Scalars['String']['output'];
  /** The review's id (a 64-bit integer as a string), for `reviewBreakGlass`. */
  id: Scalars['ID']['output'];
  note?: Maybe<Scalars['String']['output']>;
  /** The personal IDs of the patients whose data the request asked for (empty when it read nothing personal). */
  patients: Array<Scalars['PersonalId']['output']>;
  /** The reason stated in `X-Break-Glass` (identifiers masked). */
  reason: Scalars['String']['output'];
  /** The request id (`X-Request-Id`): its access records carry it. */
  requestId: Scalars['String']['output'];
  reviewedAt?: Maybe<Scalars['DateTime']['output']>;
  /** `sub` of the auditor's client that reviewed it; null while PENDING. */
  reviewer?: Maybe<Scalars['String']['output']>;
  /** `X-User-Id` of the reviewing auditor. */
  reviewerUser?: Maybe<Scalars['String']['output']>;
  status: BreakGlassReviewStatus;
};

export type BreakGlassReviewConnection = {
  __typename?: 'BreakGlassReviewConnection';
  edges: Array<BreakGlassReviewEdge>;
  pageInfo: PageInfo;
};

export type BreakGlassReviewEdge = {
  __typename?: 'BreakGlassReviewEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<BreakGlassReview>;
};

/** Where an auditor's review of a break-glass request stands. */
export type BreakGlassReviewStatus =
  /** The emergency was justified. */
  | 'APPROVED'
  /** Not reviewed yet. */
  | 'PENDING'
  /** The emergency was not justified: follow up with the organisation. */
  | 'REJECTED';

/** An auditor's verdict on a break-glass request. */
export type BreakGlassVerdict =
  | 'APPROVED'
  | 'REJECTED';

export type CheckOutInput = {
  /** After the check-in, not in the future. */
  at: Scalars['DateTime']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The stay's global ID (`DeclareStayPayload.stayId`). */
  stayId: Scalars['ID']['input'];
};

/** The stay checked out. Reading `stay` also needs `tourism:stays:read`. */
export type CheckOutPayload = {
  __typename?: 'CheckOutPayload';
  guestPersonalId?: Maybe<Scalars['PersonalId']['output']>;
  stay?: Maybe<GuestStay>;
  stayId: Scalars['ID']['output'];
};

/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type Citizen = Node & {
  __typename?: 'Citizen';
  /** Province where the birth was registered, decoded from the first three digits of the personal ID. */
  birthRegistrationProvince?: Maybe<AdministrativeUnit>;
  /** Birth year, decoded from the personal ID. */
  birthYear?: Maybe<Scalars['Int']['output']>;
  dateOfBirth?: Maybe<Scalars['Date']['output']>;
  ethnicity?: Maybe<Scalars['String']['output']>;
  fullName?: Maybe<Scalars['String']['output']>;
  /** The citizen's linked health records, from every facility. */
  health?: Maybe<HealthRecord>;
  hometown?: Maybe<AdministrativeUnit>;
  /** The household of the citizen's current permanent registration. */
  household?: Maybe<Household>;
  id: Scalars['ID']['output'];
  /** Land-change registrations the citizen is a party to, newest first. */
  landChanges?: Maybe<LandChangeConnection>;
  /** Land-use rights the citizen holds (current unless `includeEnded`). */
  landRights?: Maybe<LandRightConnection>;
  /** Legacy identifiers (old ID card, tax codes, social-insurance numbers), superseded ones included, by kind and value. */
  legacyIdentifiers?: Maybe<Array<LegacyIdentifier>>;
  /** ISO 3166-1 alpha-3. */
  nationality?: Maybe<Scalars['String']['output']>;
  personalId: Scalars['PersonalId']['output'];
  /** Personal IDs that were cancelled and re-issued as this one. */
  previousPersonalIds?: Maybe<Array<PreviousPersonalId>>;
  /** All residence registrations of the citizen, newest first (permanent, temporary, temporary absence, ended). */
  residenceRegistrations?: Maybe<ResidenceRegistrationConnection>;
  /** Sex, decoded from the century digit of the personal ID. */
  sex?: Maybe<Sex>;
  status?: Maybe<CitizenStatus>;
  /** Stays the citizen was declared for, newest check-in first. */
  stays?: Maybe<GuestStayConnection>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenLandChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenLandRightsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenResidenceRegistrationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenStaysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type CitizenStatus =
  | 'ALIVE'
  | 'DECEASED';

/** One consent of a citizen to one organisation. */
export type Consent = {
  __typename?: 'Consent';
  /** The data categories it may read (of another facility's rows: its own it reads without consent). */
  categories: Array<DataCategory>;
  createdAt: Scalars['DateTime']['output'];
  /** Opaque; pass it to `revokeConsent`. */
  id: Scalars['ID']['output'];
  /** The organisation allowed to read: the `org` claim of its tokens (a hospital: its 5-character facility code). */
  organisation: Scalars['String']['output'];
  personalId: Scalars['PersonalId']['output'];
  /** The purposes of use (`X-Purpose`) it may read them for. */
  purposes: Array<Scalars['String']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  status: ConsentStatus;
  validUntil: Scalars['DateTime']['output'];
};

export type ConsentConnection = {
  __typename?: 'ConsentConnection';
  edges: Array<ConsentEdge>;
  pageInfo: PageInfo;
};

export type ConsentEdge = {
  __typename?: 'ConsentEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Consent>;
};

/** Derived from the consent's dates: never stored. */
export type ConsentStatus =
  /** Not revoked, and `validUntil` is still ahead: the consent rule accepts it. */
  | 'ACTIVE'
  /** `validUntil` has passed. */
  | 'EXPIRED'
  /** Revoked by the citizen (`revokedAt`). */
  | 'REVOKED';

/** Kinds of personal data, as the access log shows them (derived from the fields that were read). */
export type DataCategory =
  /** The citizen's access log itself. */
  | 'ACCESS_LOG'
  /** Accommodation stays (guest stay notifications). */
  | 'ACCOMMODATION_STAYS'
  /** The citizen's consents: to whom, which categories, for which purposes, until when. */
  | 'CONSENTS'
  /** Health encounters: admissions, diagnoses. */
  | 'HEALTH_ENCOUNTERS'
  /** Health-insurance cards. */
  | 'HEALTH_INSURANCE'
  /** Payments for health care. */
  | 'HEALTH_PAYMENTS'
  /** Health summary: blood type, allergies, chronic conditions. */
  | 'HEALTH_SUMMARY'
  /** Identity in the population registry: name, date of birth, sex, ethnicity, nationality, hometown, identifiers. */
  | 'IDENTITY'
  /** Land-change registrations. */
  | 'LAND_CHANGES'
  /** Land-use rights and the parcels they are on. */
  | 'LAND_RIGHTS'
  /** Residence registration: household, address, registrations. */
  | 'RESIDENCE'
  | 'VACCINATIONS';

export type DeclarationChannel =
  | 'API'
  | 'IN_PERSON'
  | 'ONLINE_PORTAL'
  | 'VNEID';

export type DeclareStayInput = {
  channel: DeclarationChannel;
  /** Not in the future. */
  checkInAt: Scalars['DateTime']['input'];
  /** Optional check: the caller's own establishment (its global ID). Another establishment is FORBIDDEN. */
  establishmentId?: InputMaybe<Scalars['ID']['input']>;
  /** After `checkInAt`. */
  expectedCheckOutAt: Scalars['DateTime']['input'];
  /** A Vietnamese guest (in the population registry). Exactly one of guestPersonalId and passportNo. */
  guestPersonalId?: InputMaybe<Scalars['PersonalId']['input']>;
  /** Alternative to the `Idempotency-Key` header (if both are sent they must be equal). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Optional check: the caller's own licence number. Another one is FORBIDDEN. */
  licenceNo?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166-1 alpha-3, required with `passportNo`; `VNM` (or omitted) with `guestPersonalId`. */
  nationality?: InputMaybe<Scalars['String']['input']>;
  /** A foreign guest's passport number (5-20 capital letters or digits), with `nationality`. */
  passportNo?: InputMaybe<Scalars['String']['input']>;
};

/** The stay declared. Reading `stay` also needs `tourism:stays:read`. */
export type DeclareStayPayload = {
  __typename?: 'DeclareStayPayload';
  /** Null for a foreign guest. */
  guestPersonalId?: Maybe<Scalars['PersonalId']['output']>;
  stay?: Maybe<GuestStay>;
  /** Global ID of the stay (GuestStay.id). */
  stayId: Scalars['ID']['output'];
};

export type DeregisterResidentInput = {
  /** After the registration started, not in the future. */
  date: Scalars['Date']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** A citizen with a current permanent registration. */
  personalId: Scalars['PersonalId']['input'];
  /** Why (e.g. death, settled abroad), 1-500 characters. */
  reason: Scalars['String']['input'];
};

/** The registrations ended. */
export type DeregisterResidentPayload = {
  __typename?: 'DeregisterResidentPayload';
  ended?: Maybe<Array<ResidenceRegistration>>;
  personalId: Scalars['PersonalId']['output'];
};

/** An ICD-10 code (WHO, Vietnamese edition per Decision 4469/QD-BYT) with its title. */
export type Diagnosis = {
  __typename?: 'Diagnosis';
  code: Scalars['String']['output'];
  title?: Maybe<Scalars['String']['output']>;
};

export type DischargeEncounterInput = {
  /** After the admission and not in the future. */
  dischargedAt: Scalars['DateTime']['input'];
  encounterKey: Scalars['String']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** The encounter discharged. Reading `encounter` also needs `health:encounters:read`. */
export type DischargeEncounterPayload = {
  __typename?: 'DischargeEncounterPayload';
  encounter?: Maybe<Encounter>;
  personalId: Scalars['PersonalId']['output'];
};

export type Encounter = {
  __typename?: 'Encounter';
  admittedAt?: Maybe<Scalars['DateTime']['output']>;
  dischargedAt?: Maybe<Scalars['DateTime']['output']>;
  encounterKey?: Maybe<Scalars['String']['output']>;
  facility?: Maybe<HealthFacility>;
  id: Scalars['ID']['output'];
  /** Payments of another facility's encounter need HEALTH_PAYMENTS consent too (withheld ones are left out). */
  payments?: Maybe<Array<Payment>>;
  principalDiagnosis?: Maybe<Diagnosis>;
  secondaryDiagnoses?: Maybe<Array<Diagnosis>>;
  type?: Maybe<EncounterType>;
};

/** One encounter of a batch: the fields of `RecordEncounterInput`, and the payments made for it. */
export type EncounterBatchEntry = {
  /** Not in the future. */
  admittedAt: Scalars['DateTime']['input'];
  /** After `admittedAt` and not in the future; omit while the patient is still in care. */
  dischargedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The facility's key of the encounter: 1-40 letters, digits, `.`, `_` or `-`; unique across facilities. */
  encounterKey: Scalars['String']['input'];
  /** At most 20 payments, distinct. */
  payments?: InputMaybe<Array<EncounterPaymentInput>>;
  /** The patient; must be in the population registry. */
  personalId: Scalars['PersonalId']['input'];
  /** ICD-10 code, e.g. `J18.9`. */
  principalDiagnosis: Scalars['String']['input'];
  /** ICD-10 codes, at most 20, distinct, other than the principal diagnosis. */
  secondaryDiagnoses?: InputMaybe<Array<Scalars['String']['input']>>;
  type: EncounterType;
};

export type EncounterBatchResult = {
  __typename?: 'EncounterBatchResult';
  encounter?: Maybe<Encounter>;
  encounterKey: Scalars['String']['output'];
  outcome: BatchOutcome;
  /** One per input payment, in input order. */
  payments: Array<PaymentBatchResult>;
};

export type EncounterConnection = {
  __typename?: 'EncounterConnection';
  edges: Array<EncounterEdge>;
  pageInfo: PageInfo;
  /**
   * How many encounters of the whole list (all pages, any date: `from`/`to` do not narrow it, or the count would say
   * when) the consent rule withheld from this caller; which, never.
   */
  withheldCount: Scalars['Int']['output'];
};

export type EncounterEdge = {
  __typename?: 'EncounterEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Encounter>;
};

/** A payment for the encounter it is listed under (the fields of `RecordPaymentInput` without the encounter key). */
export type EncounterPaymentInput = {
  /** Total amount: a whole number of VND, 0 or more. */
  amountVnd: Scalars['Decimal']['input'];
  cashless: Scalars['Boolean']['input'];
  /** Part paid by health insurance: a whole number of VND between 0 and `amountVnd`. */
  insuranceVnd: Scalars['Decimal']['input'];
  /** Not before the admission, not in the future. */
  paidAt: Scalars['DateTime']['input'];
};

export type EncounterType =
  | 'DAY_CARE'
  | 'EMERGENCY'
  | 'INPATIENT'
  | 'OUTPATIENT';

export type Establishment = Node & {
  __typename?: 'Establishment';
  address?: Maybe<Scalars['String']['output']>;
  commune?: Maybe<AdministrativeUnit>;
  id: Scalars['ID']['output'];
  inspections?: Maybe<InspectionConnection>;
  licenceNo?: Maybe<Scalars['String']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  /** Star rating 1-5 (hotels). */
  stars?: Maybe<Scalars['Int']['output']>;
  /**
   * Guest stays declared by this establishment, newest check-in first, optionally checked in within [from, to]
   * (calendar dates in Vietnam time, UTC+07:00; both bounds included).
   */
  stays?: Maybe<GuestStayConnection>;
  type?: Maybe<EstablishmentType>;
};


export type EstablishmentInspectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type EstablishmentStaysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
};

export type EstablishmentConnection = {
  __typename?: 'EstablishmentConnection';
  edges: Array<EstablishmentEdge>;
  pageInfo: PageInfo;
};

export type EstablishmentEdge = {
  __typename?: 'EstablishmentEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Establishment>;
};

/** Types of tourist accommodation establishment, Law on Tourism 2017, art. 48. */
export type EstablishmentType =
  | 'CAMPSITE'
  | 'CRUISE_SHIP'
  | 'GUEST_HOUSE'
  | 'HOMESTAY'
  | 'HOTEL'
  | 'OTHER'
  | 'TOURIST_APARTMENT'
  | 'TOURIST_VILLA';

export type GatewayInfo = {
  __typename?: 'GatewayInfo';
  developmentMode: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  version: Scalars['String']['output'];
};

export type GrantConsentInput = {
  /** At least one, each at most once. */
  categories: Array<DataCategory>;
  /** Alternative to the `Idempotency-Key` header (if both are sent they must be equal). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The `org` claim of the organisation: 2-40 capital letters, digits, `.`, `_` or `-` (a hospital: its facility code). */
  organisation: Scalars['String']['input'];
  /** Purposes of use (e.g. TREATMENT, INSURANCE), each at most once; default [TREATMENT]. */
  purposes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** In the future, at most 5 years ahead. */
  validUntil: Scalars['DateTime']['input'];
};

/** The consent granted. */
export type GrantConsentPayload = {
  __typename?: 'GrantConsentPayload';
  consent?: Maybe<Consent>;
  personalId: Scalars['PersonalId']['output'];
};

/** A guest stay notification (thông báo lưu trú). */
export type GuestStay = Node & {
  __typename?: 'GuestStay';
  actualCheckOutAt?: Maybe<Scalars['DateTime']['output']>;
  channel?: Maybe<DeclarationChannel>;
  checkInAt?: Maybe<Scalars['DateTime']['output']>;
  declaredAt?: Maybe<Scalars['DateTime']['output']>;
  establishment?: Maybe<Establishment>;
  expectedCheckOutAt?: Maybe<Scalars['DateTime']['output']>;
  guest?: Maybe<Citizen>;
  /** Personal ID of a Vietnamese guest; null for foreign guests. */
  guestPersonalId?: Maybe<Scalars['PersonalId']['output']>;
  id: Scalars['ID']['output'];
  /** ISO 3166-1 alpha-3. */
  nationality?: Maybe<Scalars['String']['output']>;
  passportNo?: Maybe<Scalars['String']['output']>;
};

export type GuestStayConnection = {
  __typename?: 'GuestStayConnection';
  edges: Array<GuestStayEdge>;
  pageInfo: PageInfo;
};

export type GuestStayEdge = {
  __typename?: 'GuestStayEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<GuestStay>;
};

export type HealthFacility = {
  __typename?: 'HealthFacility';
  /** 5-character facility code (mã cơ sở khám chữa bệnh). */
  code: Scalars['String']['output'];
  commune?: Maybe<AdministrativeUnit>;
  level?: Maybe<Scalars['String']['output']>;
  name?: Maybe<Scalars['String']['output']>;
};

/**
 * The health data linked to one personal ID. Each part needs its own scope. Parts marked @requiresConsent follow the
 * consent rule (docs/ARCHITECTURE.md §5): a caller not bound to the citizen reads its own facility's rows (`org`), and
 * another facility's rows (the summary, which belongs to no facility: always) only under an ACTIVE consent of the
 * citizen for its `org`, the category and the request's purpose (`X-Purpose`), or in a break-glass read. Rows left out
 * are counted in `withheldCount`, never shown.
 */
export type HealthRecord = {
  __typename?: 'HealthRecord';
  /** Health-insurance cards, newest first. */
  coverage?: Maybe<InsuranceCoverageConnection>;
  /** Encounters at any facility, newest admission first, optionally within [from, to]. */
  encounters?: Maybe<EncounterConnection>;
  /** Payments, newest first; a payment belongs to the facility of its encounter. */
  payments?: Maybe<PaymentConnection>;
  personalId: Scalars['PersonalId']['output'];
  /** Null when there is none, or when the consent rule withheld it (then `summaryWithheld` is true). */
  summary?: Maybe<HealthSummary>;
  /** True when the citizen has a health summary that the consent rule withheld from this caller. */
  summaryWithheld?: Maybe<Scalars['Boolean']['output']>;
  vaccinations?: Maybe<VaccinationConnection>;
};


/**
 * The health data linked to one personal ID. Each part needs its own scope. Parts marked @requiresConsent follow the
 * consent rule (docs/ARCHITECTURE.md §5): a caller not bound to the citizen reads its own facility's rows (`org`), and
 * another facility's rows (the summary, which belongs to no facility: always) only under an ACTIVE consent of the
 * citizen for its `org`, the category and the request's purpose (`X-Purpose`), or in a break-glass read. Rows left out
 * are counted in `withheldCount`, never shown.
 */
export type HealthRecordCoverageArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The health data linked to one personal ID. Each part needs its own scope. Parts marked @requiresConsent follow the
 * consent rule (docs/ARCHITECTURE.md §5): a caller not bound to the citizen reads its own facility's rows (`org`), and
 * another facility's rows (the summary, which belongs to no facility: always) only under an ACTIVE consent of the
 * citizen for its `org`, the category and the request's purpose (`X-Purpose`), or in a break-glass read. Rows left out
 * are counted in `withheldCount`, never shown.
 */
export type HealthRecordEncountersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
};


/**
 * The health data linked to one personal ID. Each part needs its own scope. Parts marked @requiresConsent follow the
 * consent rule (docs/ARCHITECTURE.md §5): a caller not bound to the citizen reads its own facility's rows (`org`), and
 * another facility's rows (the summary, which belongs to no facility: always) only under an ACTIVE consent of the
 * citizen for its `org`, the category and the request's purpose (`X-Purpose`), or in a break-glass read. Rows left out
 * are counted in `withheldCount`, never shown.
 */
export type HealthRecordPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The health data linked to one personal ID. Each part needs its own scope. Parts marked @requiresConsent follow the
 * consent rule (docs/ARCHITECTURE.md §5): a caller not bound to the citizen reads its own facility's rows (`org`), and
 * another facility's rows (the summary, which belongs to no facility: always) only under an ACTIVE consent of the
 * citizen for its `org`, the category and the request's purpose (`X-Purpose`), or in a break-glass read. Rows left out
 * are counted in `withheldCount`, never shown.
 */
export type HealthRecordVaccinationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type HealthSummary = {
  __typename?: 'HealthSummary';
  allergies?: Maybe<Array<Scalars['String']['output']>>;
  /** ABO and Rh, e.g. `O+`. */
  bloodType?: Maybe<Scalars['String']['output']>;
  chronicConditions?: Maybe<Array<Diagnosis>>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/**
 * A household (hộ gia đình). Its address, file number and membership are its current members' personal data: reading it
 * needs a purpose and is audited for each current member; a citizen token sees only the household it is a member of.
 */
export type Household = Node & {
  __typename?: 'Household';
  address?: Maybe<Scalars['String']['output']>;
  commune?: Maybe<AdministrativeUnit>;
  head?: Maybe<Citizen>;
  id: Scalars['ID']['output'];
  /** Current members (registrations not ended), head first; `includeEnded` adds past members. */
  members?: Maybe<ResidenceRegistrationConnection>;
  /** Residence file number (số hồ sơ cư trú). */
  residenceFileNo?: Maybe<Scalars['String']['output']>;
};


/**
 * A household (hộ gia đình). Its address, file number and membership are its current members' personal data: reading it
 * needs a purpose and is audited for each current member; a citizen token sees only the household it is a member of.
 */
export type HouseholdMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** What an identifier passed to `resolveIdentifier` is. */
export type IdentifierKind =
  /** Old identity card (chứng minh nhân dân, CMND): 9 digits. */
  | 'OLD_ID_CARD'
  /** A 12-digit personal ID, current or cancelled and re-issued (resolves to the current one). */
  | 'PERSONAL_ID'
  /** Social-insurance number (mã số bảo hiểm xã hội): 10 digits. */
  | 'SOCIAL_INSURANCE'
  /**
   * Personal tax code (mã số thuế): 10 digits, or 13 for a dependent unit, written `0123456789-001` or `0123456789001`.
   * The check digit is not verified (codes recorded by the source registries are taken as they are).
   */
  | 'TAX_CODE';

/**
 * The citizens an identifier resolves to. Exactly one when the identifier is unambiguous; when several citizens claim
 * it, `conflict` is true and `citizens` lists every claimant (ordered by personal ID): the caller must not pick one.
 * Whether an identifier exists is personal data of the citizens it resolves to: resolving needs a purpose and is audited
 * for each of them (a miss is null and reveals no one).
 */
export type IdentifierResolution = {
  __typename?: 'IdentifierResolution';
  /** The current citizens. */
  citizens?: Maybe<Array<Citizen>>;
  /** Several citizens claim this identifier. */
  conflict: Scalars['Boolean']['output'];
  kind: IdentifierKind;
  /** The OPEN conflict recorded for this value (SHARED_VALUE), if detection recorded one already. */
  openConflict?: Maybe<IdentityConflict>;
  /** PERSONAL_ID only: the value is a cancelled personal ID that was re-issued. */
  reissued: Scalars['Boolean']['output'];
  /** The identifier as looked up (a tax code without its hyphen). */
  value: Scalars['String']['output'];
};

/** One citizen's claim on a legacy identifier value. */
export type IdentityClaim = {
  __typename?: 'IdentityClaim';
  citizen?: Maybe<Citizen>;
  personalId: Scalars['PersonalId']['output'];
  /** Set when a resolution rejected this claim (the row is kept, it no longer resolves). */
  supersededAt?: Maybe<Scalars['DateTime']['output']>;
  value: Scalars['String']['output'];
};

/**
 * An identity conflict, in the queue of the population registry (the police). That a conflict about them exists, and
 * how it was resolved, is personal data of its claimants (audited for each of them); the claimants and values are in
 * `claims`, each an object about one citizen.
 */
export type IdentityConflict = Node & {
  __typename?: 'IdentityConflict';
  /**
   * The claims as they are now: SHARED_VALUE, every citizen recorded with the value; MULTIPLE_VALUES, every value of the
   * kind recorded for the citizen. Superseded claims included (supersededAt set).
   */
  claims: Array<IdentityClaim>;
  detectedAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: LegacyIdentifierKind;
  /** Why: the resolution as the official wrote it. */
  resolution?: Maybe<Scalars['String']['output']>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** `sub` of the client that resolved it. */
  resolvedByClient?: Maybe<Scalars['String']['output']>;
  /** `org` of that client. */
  resolvedByOrganisation?: Maybe<Scalars['String']['output']>;
  /** The official who resolved it (X-User-Id). */
  resolvedByUser?: Maybe<Scalars['String']['output']>;
  status: IdentityConflictStatus;
  type: IdentityConflictType;
};

export type IdentityConflictConnection = {
  __typename?: 'IdentityConflictConnection';
  edges: Array<IdentityConflictEdge>;
  pageInfo: PageInfo;
};

export type IdentityConflictEdge = {
  __typename?: 'IdentityConflictEdge';
  cursor: Scalars['String']['output'];
  /** Null only where the citizen binding withholds it (a @personal type); never for the tokens that may list conflicts. */
  node?: Maybe<IdentityConflict>;
};

export type IdentityConflictStatus =
  | 'OPEN'
  | 'RESOLVED';

export type IdentityConflictType =
  /**
   * One citizen holding several values of a kind the law allows once: tax codes with different 10-digit bases (a 13-digit
   * code under the citizen's own 10-digit code is not a conflict) or several social-insurance numbers. Several old ID
   * cards are normal (a card re-issued in another province got a new number) and never a conflict.
   */
  | 'MULTIPLE_VALUES'
  /** One value claimed by several citizens. */
  | 'SHARED_VALUE';

/** An indicator's current values, as of its last refresh. */
export type Indicator = {
  __typename?: 'Indicator';
  /** When its rollup was computed. */
  asOf: Scalars['DateTime']['output'];
  cells: Array<IndicatorCell>;
  dimensions: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: IndicatorKind;
  sources: Array<IndicatorSource>;
  title: LocalizedText;
  unit: Scalars['String']['output'];
};

/**
 * One cell of an indicator's table. `key` holds one value per dimension, in the order of `dimensions`: months as
 * `YYYY-MM` (Asia/Ho_Chi_Minh), communes and facilities by code, categories by name. A key that is not listed is zero
 * (counts) or has no population (shares, durations).
 */
export type IndicatorCell = {
  __typename?: 'IndicatorCell';
  key: Array<Scalars['String']['output']>;
  /** Withheld by disclosure control: too few persons, or complementary to such a cell. */
  suppressed: Scalars['Boolean']['output'];
  /** Null when suppressed. */
  value?: Maybe<Scalars['Float']['output']>;
};

/** What an indicator is, independent of its current values. */
export type IndicatorDefinition = {
  __typename?: 'IndicatorDefinition';
  /** What is counted, from which records, and how cells are suppressed. */
  description: LocalizedText;
  /** The names of the dimensions, in the order of each cell's `key` (e.g. `["month", "commune"]`). */
  dimensions: Array<Scalars['String']['output']>;
  /** e.g. `population.by_commune_age_sex`. */
  id: Scalars['ID']['output'];
  kind: IndicatorKind;
  /** The sources it is computed from (as in `sourceStatus`). */
  sources: Array<Scalars['String']['output']>;
  title: LocalizedText;
  /** e.g. `persons`, `share`, `days`, `guest-nights`. */
  unit: Scalars['String']['output'];
};

/** How an indicator's cell values are to be read. */
export type IndicatorKind =
  /** A count (of persons, events, nights or applications); additive along every dimension. */
  | 'COUNT'
  /** A duration in days (median or 90th percentile); not additive. */
  | 'DURATION'
  /** A share between 0 and 1; not additive. */
  | 'SHARE';

/** A source an indicator is computed from, and how fresh it is (as `sourceStatus` says). */
export type IndicatorSource = {
  __typename?: 'IndicatorSource';
  /** The last change to any table of the source; null when none was recorded. */
  lastChangedAt?: Maybe<Scalars['DateTime']['output']>;
  /** citizen, household, health, tourism or land. */
  source: Scalars['String']['output'];
  /** lastChangedAt is older than SOURCE_STALE_AFTER_HOURS, or unknown. */
  stale: Scalars['Boolean']['output'];
};

export type Inspection = {
  __typename?: 'Inspection';
  agency?: Maybe<Scalars['String']['output']>;
  findings?: Maybe<Scalars['String']['output']>;
  inspectedOn?: Maybe<Scalars['Date']['output']>;
  violations?: Maybe<Array<Scalars['String']['output']>>;
};

export type InspectionConnection = {
  __typename?: 'InspectionConnection';
  edges: Array<InspectionEdge>;
  pageInfo: PageInfo;
};

export type InspectionEdge = {
  __typename?: 'InspectionEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Inspection>;
};

export type InsuranceCoverage = {
  __typename?: 'InsuranceCoverage';
  benefitLevel?: Maybe<Scalars['Int']['output']>;
  /** 15-character card code: group (2 letters), benefit level (1 digit), province (2 digits), social-insurance number (10 digits). */
  cardCode?: Maybe<Scalars['String']['output']>;
  groupCode?: Maybe<Scalars['String']['output']>;
  initialFacility?: Maybe<HealthFacility>;
  validFrom?: Maybe<Scalars['Date']['output']>;
  validTo?: Maybe<Scalars['Date']['output']>;
};

export type InsuranceCoverageConnection = {
  __typename?: 'InsuranceCoverageConnection';
  edges: Array<InsuranceCoverageEdge>;
  pageInfo: PageInfo;
};

export type InsuranceCoverageEdge = {
  __typename?: 'InsuranceCoverageEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<InsuranceCoverage>;
};

/** A land-change registration: personal data of its parties who are persons (audited for each of them). */
export type LandChange = Node & {
  __typename?: 'LandChange';
  id: Scalars['ID']['output'];
  parcel?: Maybe<Parcel>;
  parties?: Maybe<Array<LandChangeParty>>;
  registeredOn?: Maybe<Scalars['Date']['output']>;
  rejectionReason?: Maybe<Scalars['String']['output']>;
  status?: Maybe<LandChangeStatus>;
  submittedOn?: Maybe<Scalars['Date']['output']>;
  type?: Maybe<LandChangeType>;
};

export type LandChangeConnection = {
  __typename?: 'LandChangeConnection';
  edges: Array<LandChangeEdge>;
  pageInfo: PageInfo;
};

export type LandChangeEdge = {
  __typename?: 'LandChangeEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<LandChange>;
};

/** A party to a land change: who gives (FROM) and who receives (TO). */
export type LandChangeParty = {
  __typename?: 'LandChangeParty';
  citizen?: Maybe<Citizen>;
  organisation?: Maybe<Scalars['String']['output']>;
  personalId?: Maybe<Scalars['PersonalId']['output']>;
  role?: Maybe<LandChangeRole>;
  sharePercent?: Maybe<Scalars['Decimal']['output']>;
};

/** A party: a citizen (personalId, in the population registry) or an organisation (its name); exactly one of them. */
export type LandChangePartyInput = {
  organisation?: InputMaybe<Scalars['String']['input']>;
  personalId?: InputMaybe<Scalars['PersonalId']['input']>;
  /**
   * Share of the parcel in percent, more than 0 and at most 100, up to 2 decimals (`50`, `33.33`). Required for the TO
   * parties of an ownership change; for a FROM party, if given, it must be the holder's current share.
   */
  sharePercent?: InputMaybe<Scalars['Decimal']['input']>;
};

export type LandChangeRole =
  | 'FROM'
  | 'TO';

export type LandChangeStatus =
  | 'PENDING'
  | 'REGISTERED'
  | 'REJECTED';

export type LandChangeType =
  | 'CAPITAL_CONTRIBUTION'
  | 'EXCHANGE'
  | 'GIFT'
  | 'HOLDER_INFO_CHANGE'
  | 'INHERITANCE'
  | 'LEASE'
  | 'MERGER'
  | 'MORTGAGE'
  | 'MORTGAGE_RELEASE'
  | 'PURPOSE_CHANGE'
  | 'SUBDIVISION'
  | 'TRANSFER';

/** A land-use right: a citizen or an organisation holding a share of a parcel. */
export type LandRight = Node & {
  __typename?: 'LandRight';
  /** Serial number of the certificate of land-use rights. */
  certificateSerial?: Maybe<Scalars['String']['output']>;
  endedOn?: Maybe<Scalars['Date']['output']>;
  holder?: Maybe<Citizen>;
  holderOrganisation?: Maybe<Scalars['String']['output']>;
  holderPersonalId?: Maybe<Scalars['PersonalId']['output']>;
  id: Scalars['ID']['output'];
  parcel?: Maybe<Parcel>;
  sharePercent?: Maybe<Scalars['Decimal']['output']>;
  since?: Maybe<Scalars['Date']['output']>;
};

export type LandRightConnection = {
  __typename?: 'LandRightConnection';
  edges: Array<LandRightEdge>;
  pageInfo: PageInfo;
};

export type LandRightEdge = {
  __typename?: 'LandRightEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<LandRight>;
};

/** A land-use purpose code (Land Law 2024 art. 9; Circular 08/2024/TT-BTNMT), e.g. ONT rural residential land. */
export type LandUsePurpose = {
  __typename?: 'LandUsePurpose';
  code: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** A legacy identifier of a citizen. */
export type LegacyIdentifier = {
  __typename?: 'LegacyIdentifier';
  /**
   * The identifier is in an unresolved ambiguity now: another citizen claims the same value, or (tax code,
   * social-insurance number) the citizen holds another one. False for a superseded identifier.
   */
  conflicted: Scalars['Boolean']['output'];
  kind: LegacyIdentifierKind;
  /** When a conflict resolution decided this identifier is not the citizen's; kept for the record, it no longer resolves. */
  supersededAt?: Maybe<Scalars['DateTime']['output']>;
  value: Scalars['String']['output'];
};

/** Kinds of legacy identifier recorded in the population registry. */
export type LegacyIdentifierKind =
  | 'OLD_ID_CARD'
  | 'SOCIAL_INSURANCE'
  | 'TAX_CODE';

/** A text in Vietnamese and English. */
export type LocalizedText = {
  __typename?: 'LocalizedText';
  en: Scalars['String']['output'];
  vi: Scalars['String']['output'];
};

export type MoveResidentInput = {
  /** End of the current registration and start of the new one: after the current one started, not in the future. */
  date: Scalars['Date']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** A citizen with a current permanent registration. */
  personalId: Scalars['PersonalId']['input'];
  relationshipToHead: RelationshipToHead;
  /** The household moved to. Exactly one of toHouseholdResidenceFileNo and toNewHousehold. */
  toHouseholdResidenceFileNo?: InputMaybe<Scalars['String']['input']>;
  /** A new household (tách hộ): the citizen is its head. */
  toNewHousehold?: InputMaybe<NewHouseholdInput>;
};

/** The registration ended and the new one. */
export type MoveResidentPayload = {
  __typename?: 'MoveResidentPayload';
  /** The permanent registration ended (end date = the move date). */
  ended?: Maybe<ResidenceRegistration>;
  household?: Maybe<Household>;
  personalId: Scalars['PersonalId']['output'];
  /** The new permanent registration. */
  registration?: Maybe<ResidenceRegistration>;
};

/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Records the actual check-out of a stay of the caller's establishment that has none yet. */
  checkOut?: Maybe<CheckOutPayload>;
  /** Declares a guest stay (thông báo lưu trú) at the caller's establishment; declaredAt is the time of the request. */
  declareStay?: Maybe<DeclareStayPayload>;
  /**
   * Deregisters a citizen's permanent residence (xóa đăng ký thường trú): ends the current permanent registration and
   * any current temporary absence registered at the same household.
   */
  deregisterResident?: Maybe<DeregisterResidentPayload>;
  /** Records the discharge of an encounter of the caller's facility that has none yet. */
  dischargeEncounter?: Maybe<DischargeEncounterPayload>;
  /** Grants a consent of the token's citizen (`pid`): only a citizen token can. */
  grantConsent?: Maybe<GrantConsentPayload>;
  /** Moves a citizen's permanent residence: ends the current permanent registration and starts the new one that day. */
  moveResident?: Maybe<MoveResidentPayload>;
  /** Records an encounter of a patient at the caller's facility. */
  recordEncounter?: Maybe<RecordEncounterPayload>;
  /**
   * Records encounters of the caller's facility, each with its payments, in one transaction: every entry is written or
   * none is. An encounter whose key is already recorded with the same content is left as it is (outcome `EXISTING`, its
   * payments matched by content); with other content it is a CONFLICT. All problems of the input are listed at once.
   */
  recordEncounterBatch?: Maybe<RecordEncounterBatchPayload>;
  /** Records a payment for an encounter of the caller's facility. */
  recordPayment?: Maybe<RecordPaymentPayload>;
  /** Records a vaccination given at the caller's facility. */
  recordVaccination?: Maybe<RecordVaccinationPayload>;
  /** Registers a PENDING change: status REGISTERED and, for ownership changes, the rights updated atomically. */
  registerLandChange?: Maybe<RegisterLandChangePayload>;
  /** Registers a citizen in an existing household or in a new one (whose head they are). */
  registerResident?: Maybe<RegisterResidentPayload>;
  /** Rejects a PENDING change (status REJECTED) with a reason. */
  rejectLandChange?: Maybe<RejectLandChangePayload>;
  /**
   * Resolves an OPEN conflict, recording the client, its organisation, the acting official (X-User-Id, required) and the
   * reason. SHARED_VALUE: `keepPersonalId` (one of the claimants) keeps the value for that citizen and supersedes the
   * other claims. MULTIPLE_VALUES: `keepValue` (one of the citizen's values) keeps it (and 13-digit tax codes under it)
   * and supersedes the others. Without either, the claims stay as they are (e.g. fixed in the source registry) and the
   * value still resolves as ambiguous. Superseded claims are kept, never deleted; other OPEN conflicts that the
   * superseding makes unambiguous are resolved with it (recorded as such). A conflict already resolved:
   * CONFLICT_ALREADY_RESOLVED (HTTP 409). Retries may send an `Idempotency-Key`.
   */
  resolveIdentityConflict?: Maybe<IdentityConflict>;
  /**
   * Records an auditor's verdict on a PENDING break-glass request, with the reviewing official (X-User-Id, required)
   * and an optional note (at most 2000 characters). Once only: a review already decided is
   * BREAK_GLASS_ALREADY_REVIEWED (HTTP 409). Recorded in the access log of every patient concerned.
   */
  reviewBreakGlass?: Maybe<ReviewBreakGlassPayload>;
  /** Revokes a consent of the token's citizen; another citizen's consent is answered like an unknown ID (NOT_FOUND). */
  revokeConsent?: Maybe<RevokeConsentPayload>;
  /** Submits a land change for registration (status PENDING). */
  submitLandChange?: Maybe<SubmitLandChangePayload>;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationCheckOutArgs = {
  input: CheckOutInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationDeclareStayArgs = {
  input: DeclareStayInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationDeregisterResidentArgs = {
  input: DeregisterResidentInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationDischargeEncounterArgs = {
  input: DischargeEncounterInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationGrantConsentArgs = {
  input: GrantConsentInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationMoveResidentArgs = {
  input: MoveResidentInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRecordEncounterArgs = {
  input: RecordEncounterInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRecordEncounterBatchArgs = {
  input: RecordEncounterBatchInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRecordPaymentArgs = {
  input: RecordPaymentInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRecordVaccinationArgs = {
  input: RecordVaccinationInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRegisterLandChangeArgs = {
  input: RegisterLandChangeInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRegisterResidentArgs = {
  input: RegisterResidentInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRejectLandChangeArgs = {
  input: RejectLandChangeInput;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationResolveIdentityConflictArgs = {
  id: Scalars['ID']['input'];
  keepPersonalId?: InputMaybe<Scalars['PersonalId']['input']>;
  keepValue?: InputMaybe<Scalars['String']['input']>;
  resolution: Scalars['String']['input'];
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationReviewBreakGlassArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  verdict: BreakGlassVerdict;
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationRevokeConsentArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Writes: each sector publishes its own data with `extend type Mutation` in its file. Every mutation field needs a
 * `*:write` scope, or `citizen:identity:reconcile` for identity conflict resolutions (no @public mutation). Each
 * mutation runs in one transaction: a rejected or failed mutation writes nothing. Bad input is `BAD_USER_INPUT` with
 * `extensions.field` (the input path, e.g. `input.dischargedAt`), `extensions.reason` and `extensions.problems` (every
 * problem found, `{ field, reason }`).
 *
 * Retries: send an `Idempotency-Key` header (or the `idempotencyKey` input field; 1-255 visible ASCII characters). The
 * first result is kept per client (`sub`), mutation and key: a retry returns it and writes nothing twice, a concurrent
 * retry waits for the first to finish. The same key with a different input is refused: `IDEMPOTENCY_KEY_REUSED`
 * (HTTP 422). In production the key is REQUIRED: a mutation without one is refused with `IDEMPOTENCY_KEY_REQUIRED`
 * (HTTP 400) and writes nothing; it is optional in development. Use a new key (e.g. a UUID) per new request and the
 * same key when repeating a request whose answer was lost.
 *
 * Audit: the mutation's access records (one per citizen written: the patient, the resident, the guest, every party to a
 * land change; the mutation and every field selected under it, the fields denied to the caller listed as denied) are
 * written in the mutation's transaction, whatever is selected. Reading a payload needs a purpose (`X-Purpose`). An
 * error with `extensions.committed: false` wrote nothing (retrying is safe); an `AUDIT_UNAVAILABLE` error with
 * `extensions.committed: true` (HTTP 200, `data: null`) means the mutation WAS committed but its result was withheld:
 * repeat it with the same `Idempotency-Key` to read the result.
 */
export type MutationSubmitLandChangeArgs = {
  input: SubmitLandChangeInput;
};

export type NewHouseholdInput = {
  /** 1-300 characters. */
  address: Scalars['String']['input'];
  /** 5-digit code of a commune or ward in the registry of administrative units. */
  communeCode: Scalars['String']['input'];
};

/** A Relay-style object with a global identifier. */
export type Node = {
  /** Opaque global identifier. */
  id: Scalars['ID']['output'];
};

/**
 * Relay connection paging information (Relay Cursor Connections Specification). Every connection field pages forward
 * with `first`/`after` or backward with `last`/`before` (at most 100 items; `first` with `last`, or a cursor of the other
 * direction, is `BAD_USER_INPUT`). Going forward `hasNextPage` is exact and `hasPreviousPage` is false; going backward
 * `hasPreviousPage` is exact and `hasNextPage` is false.
 */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the page's last edge (null when the page is empty). */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more items follow the page (exact when paging with `first`; false when paging with `last`). */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether more items precede the page (exact when paging with `last`; false when paging with `first`). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of the page's first edge (null when the page is empty). */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/**
 * A land parcel. Where it is, its size and use are personal data of its current holders who are persons: reading it
 * needs a purpose and is audited for each of them; a citizen token sees it only while holding a current right on it (a
 * parcel held only by organisations belongs to nobody and is withheld from citizen tokens).
 */
export type Parcel = Node & {
  __typename?: 'Parcel';
  address?: Maybe<Scalars['String']['output']>;
  areaM2?: Maybe<Scalars['Decimal']['output']>;
  changes?: Maybe<LandChangeConnection>;
  commune?: Maybe<AdministrativeUnit>;
  id: Scalars['ID']['output'];
  mapSheetNo?: Maybe<Scalars['Int']['output']>;
  parcelNo?: Maybe<Scalars['Int']['output']>;
  purposes?: Maybe<Array<LandUsePurpose>>;
  /** Rights on the parcel (current unless `includeEnded`). */
  rights?: Maybe<LandRightConnection>;
};


/**
 * A land parcel. Where it is, its size and use are personal data of its current holders who are persons: reading it
 * needs a purpose and is audited for each of them; a citizen token sees it only while holding a current right on it (a
 * parcel held only by organisations belongs to nobody and is withheld from citizen tokens).
 */
export type ParcelChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A land parcel. Where it is, its size and use are personal data of its current holders who are persons: reading it
 * needs a purpose and is audited for each of them; a citizen token sees it only while holding a current right on it (a
 * parcel held only by organisations belongs to nobody and is withheld from citizen tokens).
 */
export type ParcelRightsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A parcel by its cadastral number. */
export type ParcelNumberInput = {
  /** 5-digit commune code. */
  communeCode: Scalars['String']['input'];
  mapSheetNo: Scalars['Int']['input'];
  parcelNo: Scalars['Int']['input'];
};

export type Payment = {
  __typename?: 'Payment';
  /** Total amount in VND. */
  amountVnd?: Maybe<Scalars['Decimal']['output']>;
  cashless?: Maybe<Scalars['Boolean']['output']>;
  encounterKey?: Maybe<Scalars['String']['output']>;
  /** Part paid by health insurance, in VND. */
  insuranceVnd?: Maybe<Scalars['Decimal']['output']>;
  paidAt?: Maybe<Scalars['DateTime']['output']>;
  /** Part paid by the patient, in VND. */
  patientVnd?: Maybe<Scalars['Decimal']['output']>;
};

export type PaymentBatchResult = {
  __typename?: 'PaymentBatchResult';
  outcome: BatchOutcome;
  payment?: Maybe<Payment>;
};

export type PaymentConnection = {
  __typename?: 'PaymentConnection';
  edges: Array<PaymentEdge>;
  pageInfo: PageInfo;
  /** How many rows of the whole list (all pages, same filter) the consent rule withheld from this caller; which, never. */
  withheldCount: Scalars['Int']['output'];
};

export type PaymentEdge = {
  __typename?: 'PaymentEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Payment>;
};

export type PreviousPersonalId = {
  __typename?: 'PreviousPersonalId';
  cancelledOn?: Maybe<Scalars['Date']['output']>;
  personalId: Scalars['PersonalId']['output'];
  reason?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Every read of a citizen's data (under the ID or its previous, re-issued IDs), newest first. */
  accessLog?: Maybe<AccessRecordConnection>;
  /** Every read by one client (`sub`), newest first. */
  accessLogByClient?: Maybe<AccessRecordConnection>;
  /** Break-glass requests (auditors), newest first, optionally of one status. */
  breakGlassReviews?: Maybe<BreakGlassReviewConnection>;
  /** One citizen by personal ID (a re-issued ID's previous number resolves too); null when unknown. */
  citizen?: Maybe<Citizen>;
  /** Up to 100 citizens, in the order asked; null where unknown. */
  citizens?: Maybe<Array<Maybe<Citizen>>>;
  establishment?: Maybe<Establishment>;
  /** Establishments, filterable by 5-digit commune code and type. */
  establishments?: Maybe<EstablishmentConnection>;
  /** The gateway's version and whether it is in development mode. Carries no data. */
  gatewayInfo: GatewayInfo;
  /** A household by residence file number. */
  household?: Maybe<Household>;
  /** Identity conflicts, oldest detection first, optionally filtered. */
  identityConflicts?: Maybe<IdentityConflictConnection>;
  /** Every indicator the gateway computes. */
  indicatorCatalog?: Maybe<Array<IndicatorDefinition>>;
  /**
   * Indicators by id, in the order asked; every indicator (catalogue order) when `ids` is null. An unknown id is
   * refused (BAD_USER_INPUT naming it).
   */
  indicators?: Maybe<Array<Indicator>>;
  /** Land-change registrations, filterable by commune, type, status and submission date range [from, to]. */
  landChanges?: Maybe<LandChangeConnection>;
  /** The citizen a citizen token (`pid` claim) is bound to; null for other tokens. */
  me?: Maybe<Citizen>;
  /** Who read the data of the citizen a citizen token is bound to (`pid`), newest first; null for other tokens. */
  myAccessLog?: Maybe<AccessLogConnection>;
  /** Every read by the calling client (the token's `sub`), newest first: an organisation reviewing its staff's reads. */
  myClientAccessLog?: Maybe<AccessRecordConnection>;
  /** The consents of the citizen a citizen token is bound to (`pid`), newest first, revoked and expired ones included. */
  myConsents?: Maybe<ConsentConnection>;
  /**
   * The object a global ID (`id` of any Node) names (Relay Global Object Identification), or null when it names none.
   * Decided like the type's own root field: the type's scopes (else null and `UNAUTHORIZED_FIELD_OR_TYPE`), a purpose
   * (`X-Purpose`) for personal data, audited for the object's citizen(s); a citizen token gets null for another
   * citizen's object, exactly as for an unknown ID.
   */
  node?: Maybe<Node>;
  /** A parcel by commune code, map sheet number and parcel number. */
  parcel?: Maybe<Parcel>;
  /**
   * The current citizen(s) of an identifier; null when no citizen has it. The value's format is checked per kind
   * (BAD_USER_INPUT naming `value`).
   */
  resolveIdentifier?: Maybe<IdentifierResolution>;
  /** Probes and refused requests (auditors), newest first; `from`/`to` select rows whose interval meets [from, to). */
  securityEvents?: Maybe<SecurityEventConnection>;
  /** Every source, by name. */
  sourceStatus: Array<SourceStatus>;
};


export type QueryAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  personalId: Scalars['PersonalId']['input'];
  to?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryAccessLogByClientArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  sub: Scalars['String']['input'];
  to?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryBreakGlassReviewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<BreakGlassReviewStatus>;
};


export type QueryCitizenArgs = {
  personalId: Scalars['PersonalId']['input'];
};


export type QueryCitizensArgs = {
  personalIds: Array<Scalars['PersonalId']['input']>;
};


export type QueryEstablishmentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEstablishmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  communeCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  type?: InputMaybe<EstablishmentType>;
};


export type QueryHouseholdArgs = {
  residenceFileNo: Scalars['String']['input'];
};


export type QueryIdentityConflictsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<LegacyIdentifierKind>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<IdentityConflictStatus>;
  type?: InputMaybe<IdentityConflictType>;
};


export type QueryIndicatorsArgs = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryLandChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  communeCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<LandChangeStatus>;
  to?: InputMaybe<Scalars['Date']['input']>;
  type?: InputMaybe<LandChangeType>;
};


export type QueryMyAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryMyClientAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryMyConsentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryParcelArgs = {
  communeCode: Scalars['String']['input'];
  mapSheetNo: Scalars['Int']['input'];
  parcelNo: Scalars['Int']['input'];
};


export type QueryResolveIdentifierArgs = {
  kind: IdentifierKind;
  value: Scalars['String']['input'];
};


export type QuerySecurityEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  clientSub?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  kind?: InputMaybe<SecurityEventKind>;
  last?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type RecordEncounterBatchInput = {
  /** 1-50 encounters with distinct keys. */
  encounters: Array<EncounterBatchEntry>;
  /** Alternative to the `Idempotency-Key` header (if both are sent they must be equal). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/**
 * The encounters of the batch, in input order. About every patient of the batch: audited for each of them. Reading
 * `encounter` also needs `health:encounters:read`, reading `payment` `health:payments:read`.
 */
export type RecordEncounterBatchPayload = {
  __typename?: 'RecordEncounterBatchPayload';
  encounters: Array<EncounterBatchResult>;
};

export type RecordEncounterInput = {
  /** Not in the future. */
  admittedAt: Scalars['DateTime']['input'];
  /** After `admittedAt` and not in the future; omit while the patient is still in care. */
  dischargedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The facility's key of the encounter: 1-40 letters, digits, `.`, `_` or `-`; unique across facilities. */
  encounterKey: Scalars['String']['input'];
  /** Alternative to the `Idempotency-Key` header (if both are sent they must be equal). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The patient; must be in the population registry. */
  personalId: Scalars['PersonalId']['input'];
  /** ICD-10 code, e.g. `J18.9`: a letter, two digits, optionally a dot and 1-4 digits or letters. */
  principalDiagnosis: Scalars['String']['input'];
  /** ICD-10 codes, at most 20, distinct, other than the principal diagnosis. */
  secondaryDiagnoses?: InputMaybe<Array<Scalars['String']['input']>>;
  type: EncounterType;
};

/** The encounter written. Reading `encounter` also needs `health:encounters:read`. */
export type RecordEncounterPayload = {
  __typename?: 'RecordEncounterPayload';
  encounter?: Maybe<Encounter>;
  personalId: Scalars['PersonalId']['output'];
};

export type RecordPaymentInput = {
  /** Total amount: a whole number of VND, 0 or more. */
  amountVnd: Scalars['Decimal']['input'];
  cashless: Scalars['Boolean']['input'];
  /** An encounter of the caller's facility. */
  encounterKey: Scalars['String']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Part paid by health insurance: a whole number of VND between 0 and `amountVnd`. */
  insuranceVnd: Scalars['Decimal']['input'];
  /** Not before the admission, not in the future. */
  paidAt: Scalars['DateTime']['input'];
};

/** The payment written. Reading `payment` also needs `health:payments:read`. */
export type RecordPaymentPayload = {
  __typename?: 'RecordPaymentPayload';
  payment?: Maybe<Payment>;
  personalId: Scalars['PersonalId']['output'];
};

export type RecordVaccinationInput = {
  /** Not before the citizen's birth, not in the future (Vietnam date). */
  administeredOn: Scalars['Date']['input'];
  /** 1-20. */
  doseNumber: Scalars['Int']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Must be in the population registry. */
  personalId: Scalars['PersonalId']['input'];
  /** Vaccine name, 1-200 characters. */
  vaccine: Scalars['String']['input'];
};

/** The vaccination written. Reading `vaccination` also needs `health:summary:read`. */
export type RecordVaccinationPayload = {
  __typename?: 'RecordVaccinationPayload';
  personalId: Scalars['PersonalId']['output'];
  vaccination?: Maybe<Vaccination>;
};

export type RegisterLandChangeInput = {
  /** The change's global ID (LandChange.id). */
  id: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Default: today (Vietnam date); not before the submission, not in the future. */
  registeredOn?: InputMaybe<Scalars['Date']['input']>;
};

/**
 * The change registered and the rights it ended and created (reading them also needs `land:parcels:read`). About every
 * citizen party to the change and every citizen holder of those rights: audited for each of them.
 */
export type RegisterLandChangePayload = {
  __typename?: 'RegisterLandChangePayload';
  change?: Maybe<LandChange>;
  changeId: Scalars['ID']['output'];
  /** Rights of the TO parties, from the registration date, with the new certificate serial. */
  createdRights?: Maybe<Array<LandRight>>;
  /** Rights of the FROM holders, ended on the registration date (empty unless an ownership change). */
  endedRights?: Maybe<Array<LandRight>>;
};

export type RegisterResidentInput = {
  /** Required for TEMPORARY and TEMPORARY_ABSENCE (after startDate), none for PERMANENT. */
  expectedEndDate?: InputMaybe<Scalars['Date']['input']>;
  /** An existing household. Exactly one of householdResidenceFileNo and newHousehold. */
  householdResidenceFileNo?: InputMaybe<Scalars['String']['input']>;
  /** Alternative to the `Idempotency-Key` header (if both are sent they must be equal). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** A new household: the citizen is its head (relationshipToHead HEAD); its residence file number is assigned. */
  newHousehold?: InputMaybe<NewHouseholdInput>;
  /** Must be in the population registry and alive. */
  personalId: Scalars['PersonalId']['input'];
  /** HEAD only in a household without a current head. */
  relationshipToHead: RelationshipToHead;
  /** Not before the citizen's birth, not in the future (Vietnam date). */
  startDate: Scalars['Date']['input'];
  /**
   * PERMANENT: the citizen has no current permanent registration (else use moveResident). TEMPORARY_ABSENCE: at the
   * household of the citizen's current permanent registration.
   */
  type: RegistrationType;
};

/** The registration written. Reading the objects also needs `household:registration:read`. */
export type RegisterResidentPayload = {
  __typename?: 'RegisterResidentPayload';
  household?: Maybe<Household>;
  personalId: Scalars['PersonalId']['output'];
  registration?: Maybe<ResidenceRegistration>;
};

export type RegistrationType =
  | 'PERMANENT'
  | 'TEMPORARY'
  | 'TEMPORARY_ABSENCE';

export type RejectLandChangeInput = {
  id: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why, 1-500 characters. */
  reason: Scalars['String']['input'];
};

/** The change rejected. About every citizen party to the change: audited for each of them. */
export type RejectLandChangePayload = {
  __typename?: 'RejectLandChangePayload';
  change?: Maybe<LandChange>;
  changeId: Scalars['ID']['output'];
};

export type RelationshipToHead =
  | 'CHILD'
  | 'DAUGHTER_OR_SON_IN_LAW'
  | 'GRANDCHILD'
  | 'GRANDPARENT'
  | 'HEAD'
  | 'NON_RELATIVE'
  | 'OTHER_RELATIVE'
  | 'PARENT'
  | 'SIBLING'
  | 'SPOUSE';

/** A citizen's registration in a household. */
export type ResidenceRegistration = Node & {
  __typename?: 'ResidenceRegistration';
  citizen?: Maybe<Citizen>;
  deregistrationReason?: Maybe<Scalars['String']['output']>;
  /** Set when the registration ended. */
  endDate?: Maybe<Scalars['Date']['output']>;
  /** End of the registered period for temporary residence and temporary absence. */
  expectedEndDate?: Maybe<Scalars['Date']['output']>;
  household?: Maybe<Household>;
  id: Scalars['ID']['output'];
  personalId?: Maybe<Scalars['PersonalId']['output']>;
  relationshipToHead?: Maybe<RelationshipToHead>;
  startDate?: Maybe<Scalars['Date']['output']>;
  type?: Maybe<RegistrationType>;
};

export type ResidenceRegistrationConnection = {
  __typename?: 'ResidenceRegistrationConnection';
  edges: Array<ResidenceRegistrationEdge>;
  pageInfo: PageInfo;
};

export type ResidenceRegistrationEdge = {
  __typename?: 'ResidenceRegistrationEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<ResidenceRegistration>;
};

/** The review as decided; its patients' access logs record the decision. */
export type ReviewBreakGlassPayload = {
  __typename?: 'ReviewBreakGlassPayload';
  review?: Maybe<BreakGlassReview>;
};

/** The consent revoked (revoking a revoked consent changes nothing and returns it). */
export type RevokeConsentPayload = {
  __typename?: 'RevokeConsentPayload';
  consent?: Maybe<Consent>;
  personalId: Scalars['PersonalId']['output'];
};

/**
 * Probes and refused requests of one caller, aggregated: one row per (kind, client, code, operation) per write interval
 * (`SECURITY_EVENTS_FLUSH_MS`). Holds no personal data of others: for a probe, how many foreign IDs, never which; no
 * variables. Not part of the access log's hash chain. A citizen token's events are that citizen's own personal data
 * (whose login it was): reading them needs a purpose and is recorded in that citizen's access log.
 */
export type SecurityEvent = {
  __typename?: 'SecurityEvent';
  /** `org` of the client. */
  clientOrg?: Maybe<Scalars['String']['output']>;
  /** `sub` of the client (`anonymous` without a valid token; `*` for events beyond `SECURITY_EVENTS_MAX_KEYS`). */
  clientSub: Scalars['String']['output'];
  /** The error code of the refusal (e.g. `PURPOSE_REQUIRED`), or `FOREIGN_PERSONAL_ID` / `FOREIGN_IDENTIFIER` for a probe. */
  code: Scalars['String']['output'];
  /** Schema coordinates asked for (root fields; the denied fields of a FORBIDDEN), when known. */
  coordinates: Array<Scalars['String']['output']>;
  /** PROBE: distinct foreign personal IDs named, summed over the requests; REFUSED: the requests refused. */
  count: Scalars['Int']['output'];
  /** SHA-256 (hex) of the document when all the rows' requests sent the same one and it inlines no identifier. */
  documentHash?: Maybe<Scalars['String']['output']>;
  /** The first and the last event aggregated into this row. */
  firstAt: Scalars['DateTime']['output'];
  kind: SecurityEventKind;
  lastAt: Scalars['DateTime']['output'];
  operationName?: Maybe<Scalars['String']['output']>;
  /** The request id (`X-Request-Id`) of the last request aggregated. */
  requestId: Scalars['String']['output'];
  /** Requests aggregated. */
  requests: Scalars['Int']['output'];
  /** Position in the store (a 64-bit integer as a string). */
  seq: Scalars['String']['output'];
};

export type SecurityEventConnection = {
  __typename?: 'SecurityEventConnection';
  edges: Array<SecurityEventEdge>;
  pageInfo: PageInfo;
};

export type SecurityEventEdge = {
  __typename?: 'SecurityEventEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<SecurityEvent>;
};

/** What a security event records (docs/ARCHITECTURE.md §6). */
export type SecurityEventKind =
  /** A citizen token named other citizens' personal IDs (answered like unknown IDs; nothing was released). */
  | 'PROBE'
  /** A request refused before execution (bad token, rate limit, limits, authorization, purpose, trusted documents...). */
  | 'REFUSED';

export type Sex =
  | 'FEMALE'
  | 'MALE';

/** One source (the registry or a sector) and when it last changed. */
export type SourceStatus = {
  __typename?: 'SourceStatus';
  /** The last change to any table of the source; null when none was recorded since the database was created. */
  lastChangedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Rows in the source's tables, an estimate from PostgreSQL's statistics (live tuple counts, else the planner's
   * reltuples as of the last ANALYZE; the embedded database keeps only the latter). Null when never analysed.
   * Float: may exceed Int's 32 bits.
   */
  rowCount?: Maybe<Scalars['Float']['output']>;
  /** citizen, household, health, tourism or land. */
  source: Scalars['String']['output'];
  /** lastChangedAt is older than SOURCE_STALE_AFTER_HOURS, or unknown. */
  stale: Scalars['Boolean']['output'];
  /** The threshold `stale` uses (SOURCE_STALE_AFTER_HOURS, default 24). */
  staleAfterHours: Scalars['Float']['output'];
};

export type SubmitLandChangeInput = {
  /** Who gives: for an ownership change, current holders of the parcel. At most 20. */
  from: Array<LandChangePartyInput>;
  /** Alternative to the `Idempotency-Key` header (if both are sent they must be equal). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  parcel: ParcelNumberInput;
  /** Default: today (Vietnam date); not in the future. */
  submittedOn?: InputMaybe<Scalars['Date']['input']>;
  /** Who receives. At most 20. */
  to: Array<LandChangePartyInput>;
  type: LandChangeType;
};

/**
 * The change submitted. Reading `change` also needs `land:changes:read`. About every citizen party to the change (the
 * ID alone ties them to a transaction): reading it needs a purpose and is audited for each of them.
 */
export type SubmitLandChangePayload = {
  __typename?: 'SubmitLandChangePayload';
  change?: Maybe<LandChange>;
  /** Global ID of the change (LandChange.id). */
  changeId: Scalars['ID']['output'];
};

export type Vaccination = {
  __typename?: 'Vaccination';
  administeredOn?: Maybe<Scalars['Date']['output']>;
  doseNumber?: Maybe<Scalars['Int']['output']>;
  facility?: Maybe<HealthFacility>;
  vaccine?: Maybe<Scalars['String']['output']>;
};

export type VaccinationConnection = {
  __typename?: 'VaccinationConnection';
  edges: Array<VaccinationEdge>;
  pageInfo: PageInfo;
  /** How many rows of the whole list (all pages, same filter) the consent rule withheld from this caller; which, never. */
  withheldCount: Scalars['Int']['output'];
};

export type VaccinationEdge = {
  __typename?: 'VaccinationEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Vaccination>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = {}, TContext = {}, TArgs = {}> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = {}, TContext = {}, TArgs = {}> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = {}, TContext = {}> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = {}, TContext = {}> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = {}, TParent = {}, TContext = {}, TArgs = {}> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  Node: ( CitizenModel ) | ( EstablishmentModel ) | ( GuestStayModel ) | ( HouseholdModel ) | ( IdentityConflictModel ) | ( LandChangeModel ) | ( LandRightModel ) | ( ParcelModel ) | ( ResidenceRegistrationModel );
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessLogConnection: ResolverTypeWrapper<Omit<AccessLogConnection, 'edges'> & { edges: Array<ResolversTypes['AccessLogEdge']> }>;
  AccessLogEdge: ResolverTypeWrapper<Omit<AccessLogEdge, 'node'> & { node?: Maybe<ResolversTypes['AccessLogEntry']> }>;
  AccessLogEntry: ResolverTypeWrapper<AccessLogEntryModel>;
  AccessOutcome: AccessOutcome;
  AccessRecord: ResolverTypeWrapper<AccessRecordModel>;
  AccessRecordConnection: ResolverTypeWrapper<Omit<AccessRecordConnection, 'edges'> & { edges: Array<ResolversTypes['AccessRecordEdge']> }>;
  AccessRecordEdge: ResolverTypeWrapper<Omit<AccessRecordEdge, 'node'> & { node?: Maybe<ResolversTypes['AccessRecord']> }>;
  AdministrativeLevel: AdministrativeLevel;
  AdministrativeUnit: ResolverTypeWrapper<AdministrativeUnitModel>;
  BatchOutcome: BatchOutcome;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BreakGlassReview: ResolverTypeWrapper<BreakGlassReviewModel>;
  BreakGlassReviewConnection: ResolverTypeWrapper<Omit<BreakGlassReviewConnection, 'edges'> & { edges: Array<ResolversTypes['BreakGlassReviewEdge']> }>;
  BreakGlassReviewEdge: ResolverTypeWrapper<Omit<BreakGlassReviewEdge, 'node'> & { node?: Maybe<ResolversTypes['BreakGlassReview']> }>;
  BreakGlassReviewStatus: BreakGlassReviewStatus;
  BreakGlassVerdict: BreakGlassVerdict;
  CheckOutInput: CheckOutInput;
  CheckOutPayload: ResolverTypeWrapper<CheckOutPayloadModel>;
  Citizen: ResolverTypeWrapper<CitizenModel>;
  CitizenStatus: CitizenStatus;
  Consent: ResolverTypeWrapper<ConsentModel>;
  ConsentConnection: ResolverTypeWrapper<Omit<ConsentConnection, 'edges'> & { edges: Array<ResolversTypes['ConsentEdge']> }>;
  ConsentEdge: ResolverTypeWrapper<Omit<ConsentEdge, 'node'> & { node?: Maybe<ResolversTypes['Consent']> }>;
  ConsentStatus: ConsentStatus;
  DataCategory: DataCategory;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  DeclarationChannel: DeclarationChannel;
  DeclareStayInput: DeclareStayInput;
  DeclareStayPayload: ResolverTypeWrapper<DeclareStayPayloadModel>;
  DeregisterResidentInput: DeregisterResidentInput;
  DeregisterResidentPayload: ResolverTypeWrapper<DeregisterResidentPayloadModel>;
  Diagnosis: ResolverTypeWrapper<Diagnosis>;
  DischargeEncounterInput: DischargeEncounterInput;
  DischargeEncounterPayload: ResolverTypeWrapper<DischargeEncounterPayloadModel>;
  Encounter: ResolverTypeWrapper<EncounterModel>;
  EncounterBatchEntry: EncounterBatchEntry;
  EncounterBatchResult: ResolverTypeWrapper<EncounterBatchResultModel>;
  EncounterConnection: ResolverTypeWrapper<EncounterConnectionModel>;
  EncounterEdge: ResolverTypeWrapper<Omit<EncounterEdge, 'node'> & { node?: Maybe<ResolversTypes['Encounter']> }>;
  EncounterPaymentInput: EncounterPaymentInput;
  EncounterType: EncounterType;
  Establishment: ResolverTypeWrapper<EstablishmentModel>;
  EstablishmentConnection: ResolverTypeWrapper<Omit<EstablishmentConnection, 'edges'> & { edges: Array<ResolversTypes['EstablishmentEdge']> }>;
  EstablishmentEdge: ResolverTypeWrapper<Omit<EstablishmentEdge, 'node'> & { node?: Maybe<ResolversTypes['Establishment']> }>;
  EstablishmentType: EstablishmentType;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GatewayInfo: ResolverTypeWrapper<GatewayInfo>;
  GrantConsentInput: GrantConsentInput;
  GrantConsentPayload: ResolverTypeWrapper<GrantConsentPayloadModel>;
  GuestStay: ResolverTypeWrapper<GuestStayModel>;
  GuestStayConnection: ResolverTypeWrapper<Omit<GuestStayConnection, 'edges'> & { edges: Array<ResolversTypes['GuestStayEdge']> }>;
  GuestStayEdge: ResolverTypeWrapper<Omit<GuestStayEdge, 'node'> & { node?: Maybe<ResolversTypes['GuestStay']> }>;
  HealthFacility: ResolverTypeWrapper<HealthFacilityModel>;
  HealthRecord: ResolverTypeWrapper<HealthRecordModel>;
  HealthSummary: ResolverTypeWrapper<HealthSummaryModel>;
  Household: ResolverTypeWrapper<HouseholdModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IdentifierKind: IdentifierKind;
  IdentifierResolution: ResolverTypeWrapper<IdentifierResolutionModel>;
  IdentityClaim: ResolverTypeWrapper<IdentityClaimModel>;
  IdentityConflict: ResolverTypeWrapper<IdentityConflictModel>;
  IdentityConflictConnection: ResolverTypeWrapper<Omit<IdentityConflictConnection, 'edges'> & { edges: Array<ResolversTypes['IdentityConflictEdge']> }>;
  IdentityConflictEdge: ResolverTypeWrapper<Omit<IdentityConflictEdge, 'node'> & { node?: Maybe<ResolversTypes['IdentityConflict']> }>;
  IdentityConflictStatus: IdentityConflictStatus;
  IdentityConflictType: IdentityConflictType;
  Indicator: ResolverTypeWrapper<IndicatorModel>;
  IndicatorCell: ResolverTypeWrapper<IndicatorCell>;
  IndicatorDefinition: ResolverTypeWrapper<IndicatorDefinitionModel>;
  IndicatorKind: IndicatorKind;
  IndicatorSource: ResolverTypeWrapper<IndicatorSource>;
  Inspection: ResolverTypeWrapper<InspectionModel>;
  InspectionConnection: ResolverTypeWrapper<Omit<InspectionConnection, 'edges'> & { edges: Array<ResolversTypes['InspectionEdge']> }>;
  InspectionEdge: ResolverTypeWrapper<Omit<InspectionEdge, 'node'> & { node?: Maybe<ResolversTypes['Inspection']> }>;
  InsuranceCoverage: ResolverTypeWrapper<InsuranceCoverageModel>;
  InsuranceCoverageConnection: ResolverTypeWrapper<Omit<InsuranceCoverageConnection, 'edges'> & { edges: Array<ResolversTypes['InsuranceCoverageEdge']> }>;
  InsuranceCoverageEdge: ResolverTypeWrapper<Omit<InsuranceCoverageEdge, 'node'> & { node?: Maybe<ResolversTypes['InsuranceCoverage']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LandChange: ResolverTypeWrapper<LandChangeModel>;
  LandChangeConnection: ResolverTypeWrapper<Omit<LandChangeConnection, 'edges'> & { edges: Array<ResolversTypes['LandChangeEdge']> }>;
  LandChangeEdge: ResolverTypeWrapper<Omit<LandChangeEdge, 'node'> & { node?: Maybe<ResolversTypes['LandChange']> }>;
  LandChangeParty: ResolverTypeWrapper<LandChangePartyModel>;
  LandChangePartyInput: LandChangePartyInput;
  LandChangeRole: LandChangeRole;
  LandChangeStatus: LandChangeStatus;
  LandChangeType: LandChangeType;
  LandRight: ResolverTypeWrapper<LandRightModel>;
  LandRightConnection: ResolverTypeWrapper<Omit<LandRightConnection, 'edges'> & { edges: Array<ResolversTypes['LandRightEdge']> }>;
  LandRightEdge: ResolverTypeWrapper<Omit<LandRightEdge, 'node'> & { node?: Maybe<ResolversTypes['LandRight']> }>;
  LandUsePurpose: ResolverTypeWrapper<LandUsePurpose>;
  LegacyIdentifier: ResolverTypeWrapper<LegacyIdentifierModel>;
  LegacyIdentifierKind: LegacyIdentifierKind;
  LocalizedText: ResolverTypeWrapper<LocalizedText>;
  MoveResidentInput: MoveResidentInput;
  MoveResidentPayload: ResolverTypeWrapper<MoveResidentPayloadModel>;
  Mutation: ResolverTypeWrapper<{}>;
  NewHouseholdInput: NewHouseholdInput;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Parcel: ResolverTypeWrapper<ParcelModel>;
  ParcelNumberInput: ParcelNumberInput;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentBatchResult: ResolverTypeWrapper<PaymentBatchResultModel>;
  PaymentConnection: ResolverTypeWrapper<PaymentConnectionModel>;
  PaymentEdge: ResolverTypeWrapper<Omit<PaymentEdge, 'node'> & { node?: Maybe<ResolversTypes['Payment']> }>;
  PersonalId: ResolverTypeWrapper<Scalars['PersonalId']['output']>;
  PreviousPersonalId: ResolverTypeWrapper<PreviousPersonalIdModel>;
  Query: ResolverTypeWrapper<{}>;
  RecordEncounterBatchInput: RecordEncounterBatchInput;
  RecordEncounterBatchPayload: ResolverTypeWrapper<RecordEncounterBatchPayloadModel>;
  RecordEncounterInput: RecordEncounterInput;
  RecordEncounterPayload: ResolverTypeWrapper<RecordEncounterPayloadModel>;
  RecordPaymentInput: RecordPaymentInput;
  RecordPaymentPayload: ResolverTypeWrapper<RecordPaymentPayloadModel>;
  RecordVaccinationInput: RecordVaccinationInput;
  RecordVaccinationPayload: ResolverTypeWrapper<RecordVaccinationPayloadModel>;
  RegisterLandChangeInput: RegisterLandChangeInput;
  RegisterLandChangePayload: ResolverTypeWrapper<RegisterLandChangePayloadModel>;
  RegisterResidentInput: RegisterResidentInput;
  RegisterResidentPayload: ResolverTypeWrapper<RegisterResidentPayloadModel>;
  RegistrationType: RegistrationType;
  RejectLandChangeInput: RejectLandChangeInput;
  RejectLandChangePayload: ResolverTypeWrapper<RejectLandChangePayloadModel>;
  RelationshipToHead: RelationshipToHead;
  ResidenceRegistration: ResolverTypeWrapper<ResidenceRegistrationModel>;
  ResidenceRegistrationConnection: ResolverTypeWrapper<Omit<ResidenceRegistrationConnection, 'edges'> & { edges: Array<ResolversTypes['ResidenceRegistrationEdge']> }>;
  ResidenceRegistrationEdge: ResolverTypeWrapper<Omit<ResidenceRegistrationEdge, 'node'> & { node?: Maybe<ResolversTypes['ResidenceRegistration']> }>;
  ReviewBreakGlassPayload: ResolverTypeWrapper<ReviewBreakGlassPayloadModel>;
  RevokeConsentPayload: ResolverTypeWrapper<RevokeConsentPayloadModel>;
  SecurityEvent: ResolverTypeWrapper<SecurityEventModel>;
  SecurityEventConnection: ResolverTypeWrapper<Omit<SecurityEventConnection, 'edges'> & { edges: Array<ResolversTypes['SecurityEventEdge']> }>;
  SecurityEventEdge: ResolverTypeWrapper<Omit<SecurityEventEdge, 'node'> & { node?: Maybe<ResolversTypes['SecurityEvent']> }>;
  SecurityEventKind: SecurityEventKind;
  Sex: Sex;
  SourceStatus: ResolverTypeWrapper<SourceStatusModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SubmitLandChangeInput: SubmitLandChangeInput;
  SubmitLandChangePayload: ResolverTypeWrapper<SubmitLandChangePayloadModel>;
  Vaccination: ResolverTypeWrapper<VaccinationModel>;
  VaccinationConnection: ResolverTypeWrapper<VaccinationConnectionModel>;
  VaccinationEdge: ResolverTypeWrapper<Omit<VaccinationEdge, 'node'> & { node?: Maybe<ResolversTypes['Vaccination']> }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessLogConnection: Omit<AccessLogConnection, 'edges'> & { edges: Array<ResolversParentTypes['AccessLogEdge']> };
  AccessLogEdge: Omit<AccessLogEdge, 'node'> & { node?: Maybe<ResolversParentTypes['AccessLogEntry']> };
  AccessLogEntry: AccessLogEntryModel;
  AccessRecord: AccessRecordModel;
  AccessRecordConnection: Omit<AccessRecordConnection, 'edges'> & { edges: Array<ResolversParentTypes['AccessRecordEdge']> };
  AccessRecordEdge: Omit<AccessRecordEdge, 'node'> & { node?: Maybe<ResolversParentTypes['AccessRecord']> };
  AdministrativeUnit: AdministrativeUnitModel;
  Boolean: Scalars['Boolean']['output'];
  BreakGlassReview: BreakGlassReviewModel;
  BreakGlassReviewConnection: Omit<BreakGlassReviewConnection, 'edges'> & { edges: Array<ResolversParentTypes['BreakGlassReviewEdge']> };
  BreakGlassReviewEdge: Omit<BreakGlassReviewEdge, 'node'> & { node?: Maybe<ResolversParentTypes['BreakGlassReview']> };
  CheckOutInput: CheckOutInput;
  CheckOutPayload: CheckOutPayloadModel;
  Citizen: CitizenModel;
  Consent: ConsentModel;
  ConsentConnection: Omit<ConsentConnection, 'edges'> & { edges: Array<ResolversParentTypes['ConsentEdge']> };
  ConsentEdge: Omit<ConsentEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Consent']> };
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  DeclareStayInput: DeclareStayInput;
  DeclareStayPayload: DeclareStayPayloadModel;
  DeregisterResidentInput: DeregisterResidentInput;
  DeregisterResidentPayload: DeregisterResidentPayloadModel;
  Diagnosis: Diagnosis;
  DischargeEncounterInput: DischargeEncounterInput;
  DischargeEncounterPayload: DischargeEncounterPayloadModel;
  Encounter: EncounterModel;
  EncounterBatchEntry: EncounterBatchEntry;
  EncounterBatchResult: EncounterBatchResultModel;
  EncounterConnection: EncounterConnectionModel;
  EncounterEdge: Omit<EncounterEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Encounter']> };
  EncounterPaymentInput: EncounterPaymentInput;
  Establishment: EstablishmentModel;
  EstablishmentConnection: Omit<EstablishmentConnection, 'edges'> & { edges: Array<ResolversParentTypes['EstablishmentEdge']> };
  EstablishmentEdge: Omit<EstablishmentEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Establishment']> };
  Float: Scalars['Float']['output'];
  GatewayInfo: GatewayInfo;
  GrantConsentInput: GrantConsentInput;
  GrantConsentPayload: GrantConsentPayloadModel;
  GuestStay: GuestStayModel;
  GuestStayConnection: Omit<GuestStayConnection, 'edges'> & { edges: Array<ResolversParentTypes['GuestStayEdge']> };
  GuestStayEdge: Omit<GuestStayEdge, 'node'> & { node?: Maybe<ResolversParentTypes['GuestStay']> };
  HealthFacility: HealthFacilityModel;
  HealthRecord: HealthRecordModel;
  HealthSummary: HealthSummaryModel;
  Household: HouseholdModel;
  ID: Scalars['ID']['output'];
  IdentifierResolution: IdentifierResolutionModel;
  IdentityClaim: IdentityClaimModel;
  IdentityConflict: IdentityConflictModel;
  IdentityConflictConnection: Omit<IdentityConflictConnection, 'edges'> & { edges: Array<ResolversParentTypes['IdentityConflictEdge']> };
  IdentityConflictEdge: Omit<IdentityConflictEdge, 'node'> & { node?: Maybe<ResolversParentTypes['IdentityConflict']> };
  Indicator: IndicatorModel;
  IndicatorCell: IndicatorCell;
  IndicatorDefinition: IndicatorDefinitionModel;
  IndicatorSource: IndicatorSource;
  Inspection: InspectionModel;
  InspectionConnection: Omit<InspectionConnection, 'edges'> & { edges: Array<ResolversParentTypes['InspectionEdge']> };
  InspectionEdge: Omit<InspectionEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Inspection']> };
  InsuranceCoverage: InsuranceCoverageModel;
  InsuranceCoverageConnection: Omit<InsuranceCoverageConnection, 'edges'> & { edges: Array<ResolversParentTypes['InsuranceCoverageEdge']> };
  InsuranceCoverageEdge: Omit<InsuranceCoverageEdge, 'node'> & { node?: Maybe<ResolversParentTypes['InsuranceCoverage']> };
  Int: Scalars['Int']['output'];
  LandChange: LandChangeModel;
  LandChangeConnection: Omit<LandChangeConnection, 'edges'> & { edges: Array<ResolversParentTypes['LandChangeEdge']> };
  LandChangeEdge: Omit<LandChangeEdge, 'node'> & { node?: Maybe<ResolversParentTypes['LandChange']> };
  LandChangeParty: LandChangePartyModel;
  LandChangePartyInput: LandChangePartyInput;
  LandRight: LandRightModel;
  LandRightConnection: Omit<LandRightConnection, 'edges'> & { edges: Array<ResolversParentTypes['LandRightEdge']> };
  LandRightEdge: Omit<LandRightEdge, 'node'> & { node?: Maybe<ResolversParentTypes['LandRight']> };
  LandUsePurpose: LandUsePurpose;
  LegacyIdentifier: LegacyIdentifierModel;
  LocalizedText: LocalizedText;
  MoveResidentInput: MoveResidentInput;
  MoveResidentPayload: MoveResidentPayloadModel;
  Mutation: {};
  NewHouseholdInput: NewHouseholdInput;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  Parcel: ParcelModel;
  ParcelNumberInput: ParcelNumberInput;
  Payment: PaymentModel;
  PaymentBatchResult: PaymentBatchResultModel;
  PaymentConnection: PaymentConnectionModel;
  PaymentEdge: Omit<PaymentEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Payment']> };
  PersonalId: Scalars['PersonalId']['output'];
  PreviousPersonalId: PreviousPersonalIdModel;
  Query: {};
  RecordEncounterBatchInput: RecordEncounterBatchInput;
  RecordEncounterBatchPayload: RecordEncounterBatchPayloadModel;
  RecordEncounterInput: RecordEncounterInput;
  RecordEncounterPayload: RecordEncounterPayloadModel;
  RecordPaymentInput: RecordPaymentInput;
  RecordPaymentPayload: RecordPaymentPayloadModel;
  RecordVaccinationInput: RecordVaccinationInput;
  RecordVaccinationPayload: RecordVaccinationPayloadModel;
  RegisterLandChangeInput: RegisterLandChangeInput;
  RegisterLandChangePayload: RegisterLandChangePayloadModel;
  RegisterResidentInput: RegisterResidentInput;
  RegisterResidentPayload: RegisterResidentPayloadModel;
  RejectLandChangeInput: RejectLandChangeInput;
  RejectLandChangePayload: RejectLandChangePayloadModel;
  ResidenceRegistration: ResidenceRegistrationModel;
  ResidenceRegistrationConnection: Omit<ResidenceRegistrationConnection, 'edges'> & { edges: Array<ResolversParentTypes['ResidenceRegistrationEdge']> };
  ResidenceRegistrationEdge: Omit<ResidenceRegistrationEdge, 'node'> & { node?: Maybe<ResolversParentTypes['ResidenceRegistration']> };
  ReviewBreakGlassPayload: ReviewBreakGlassPayloadModel;
  RevokeConsentPayload: RevokeConsentPayloadModel;
  SecurityEvent: SecurityEventModel;
  SecurityEventConnection: Omit<SecurityEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['SecurityEventEdge']> };
  SecurityEventEdge: Omit<SecurityEventEdge, 'node'> & { node?: Maybe<ResolversParentTypes['SecurityEvent']> };
  SourceStatus: SourceStatusModel;
  String: Scalars['String']['output'];
  SubmitLandChangeInput: SubmitLandChangeInput;
  SubmitLandChangePayload: SubmitLandChangePayloadModel;
  Vaccination: VaccinationModel;
  VaccinationConnection: VaccinationConnectionModel;
  VaccinationEdge: Omit<VaccinationEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Vaccination']> };
};

export type AuditExemptDirectiveArgs = {
  reason: Scalars['String']['input'];
};

export type AuditExemptDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = AuditExemptDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CostDirectiveArgs = {
  weight: Scalars['Int']['input'];
};

export type CostDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = CostDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ListSizeDirectiveArgs = {
  assumedSize?: Maybe<Scalars['Int']['input']>;
  requireOneSlicingArgument?: Maybe<Scalars['Boolean']['input']>;
  sizedFields?: Maybe<Array<Scalars['String']['input']>>;
  slicingArguments?: Maybe<Array<Scalars['String']['input']>>;
};

export type ListSizeDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = ListSizeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type NotPersonalDirectiveArgs = {
  reason: Scalars['String']['input'];
};

export type NotPersonalDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = NotPersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  subject?: Maybe<Scalars['String']['input']>;
  subjects?: Maybe<Scalars['String']['input']>;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PublicDirectiveArgs = { };

export type PublicDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = PublicDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresConsentDirectiveArgs = {
  category: DataCategory;
};

export type RequiresConsentDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = RequiresConsentDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresScopesDirectiveArgs = {
  scopes: Array<Array<Scalars['String']['input']>>;
};

export type RequiresScopesDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = RequiresScopesDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AccessLogConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessLogConnection'] = ResolversParentTypes['AccessLogConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AccessLogEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AccessLogEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessLogEdge'] = ResolversParentTypes['AccessLogEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['AccessLogEntry']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AccessLogEntryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessLogEntry'] = ResolversParentTypes['AccessLogEntry']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  breakGlass?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  breakGlassReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  client?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataCategories?: Resolver<Array<ResolversTypes['DataCategory']>, ParentType, ContextType>;
  organisation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['AccessOutcome'], ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  purpose?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AccessRecordResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessRecord'] = ResolversParentTypes['AccessRecord']> = {
  actingUser?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  breakGlass?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  breakGlassReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clientOrg?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clientSub?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataCategories?: Resolver<Array<ResolversTypes['DataCategory']>, ParentType, ContextType>;
  deniedFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  documentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['AccessOutcome'], ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  prevHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  purpose?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AccessRecordConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessRecordConnection'] = ResolversParentTypes['AccessRecordConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AccessRecordEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AccessRecordEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessRecordEdge'] = ResolversParentTypes['AccessRecordEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['AccessRecord']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AdministrativeUnitResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AdministrativeUnit'] = ResolversParentTypes['AdministrativeUnit']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['AdministrativeLevel'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BreakGlassReviewResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BreakGlassReview'] = ResolversParentTypes['BreakGlassReview']> = {
  actingUser?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  clientOrg?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clientSub?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  patients?: Resolver<Array<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reviewedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reviewer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reviewerUser?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BreakGlassReviewStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BreakGlassReviewConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BreakGlassReviewConnection'] = ResolversParentTypes['BreakGlassReviewConnection']> = {
  edges?: Resolver<Array<ResolversTypes['BreakGlassReviewEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BreakGlassReviewEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BreakGlassReviewEdge'] = ResolversParentTypes['BreakGlassReviewEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['BreakGlassReview']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CheckOutPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CheckOutPayload'] = ResolversParentTypes['CheckOutPayload']> = {
  guestPersonalId?: Resolver<Maybe<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  stay?: Resolver<Maybe<ResolversTypes['GuestStay']>, ParentType, ContextType>;
  stayId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CitizenResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Citizen'] = ResolversParentTypes['Citizen']> = {
  birthRegistrationProvince?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  birthYear?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  dateOfBirth?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  ethnicity?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fullName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  health?: Resolver<Maybe<ResolversTypes['HealthRecord']>, ParentType, ContextType>;
  hometown?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  household?: Resolver<Maybe<ResolversTypes['Household']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  landChanges?: Resolver<Maybe<ResolversTypes['LandChangeConnection']>, ParentType, ContextType, Partial<CitizenLandChangesArgs>>;
  landRights?: Resolver<Maybe<ResolversTypes['LandRightConnection']>, ParentType, ContextType, RequireFields<CitizenLandRightsArgs, 'includeEnded'>>;
  legacyIdentifiers?: Resolver<Maybe<Array<ResolversTypes['LegacyIdentifier']>>, ParentType, ContextType>;
  nationality?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  previousPersonalIds?: Resolver<Maybe<Array<ResolversTypes['PreviousPersonalId']>>, ParentType, ContextType>;
  residenceRegistrations?: Resolver<Maybe<ResolversTypes['ResidenceRegistrationConnection']>, ParentType, ContextType, Partial<CitizenResidenceRegistrationsArgs>>;
  sex?: Resolver<Maybe<ResolversTypes['Sex']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['CitizenStatus']>, ParentType, ContextType>;
  stays?: Resolver<Maybe<ResolversTypes['GuestStayConnection']>, ParentType, ContextType, Partial<CitizenStaysArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ConsentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Consent'] = ResolversParentTypes['Consent']> = {
  categories?: Resolver<Array<ResolversTypes['DataCategory']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  organisation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  purposes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConsentStatus'], ParentType, ContextType>;
  validUntil?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ConsentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConsentConnection'] = ResolversParentTypes['ConsentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ConsentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ConsentEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConsentEdge'] = ResolversParentTypes['ConsentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Consent']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type DeclareStayPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeclareStayPayload'] = ResolversParentTypes['DeclareStayPayload']> = {
  guestPersonalId?: Resolver<Maybe<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  stay?: Resolver<Maybe<ResolversTypes['GuestStay']>, ParentType, ContextType>;
  stayId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DeregisterResidentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeregisterResidentPayload'] = ResolversParentTypes['DeregisterResidentPayload']> = {
  ended?: Resolver<Maybe<Array<ResolversTypes['ResidenceRegistration']>>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DiagnosisResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Diagnosis'] = ResolversParentTypes['Diagnosis']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DischargeEncounterPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DischargeEncounterPayload'] = ResolversParentTypes['DischargeEncounterPayload']> = {
  encounter?: Resolver<Maybe<ResolversTypes['Encounter']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EncounterResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Encounter'] = ResolversParentTypes['Encounter']> = {
  admittedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  dischargedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  encounterKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  facility?: Resolver<Maybe<ResolversTypes['HealthFacility']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payments?: Resolver<Maybe<Array<ResolversTypes['Payment']>>, ParentType, ContextType>;
  principalDiagnosis?: Resolver<Maybe<ResolversTypes['Diagnosis']>, ParentType, ContextType>;
  secondaryDiagnoses?: Resolver<Maybe<Array<ResolversTypes['Diagnosis']>>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['EncounterType']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EncounterBatchResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EncounterBatchResult'] = ResolversParentTypes['EncounterBatchResult']> = {
  encounter?: Resolver<Maybe<ResolversTypes['Encounter']>, ParentType, ContextType>;
  encounterKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['BatchOutcome'], ParentType, ContextType>;
  payments?: Resolver<Array<ResolversTypes['PaymentBatchResult']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EncounterConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EncounterConnection'] = ResolversParentTypes['EncounterConnection']> = {
  edges?: Resolver<Array<ResolversTypes['EncounterEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  withheldCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EncounterEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EncounterEdge'] = ResolversParentTypes['EncounterEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Encounter']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EstablishmentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Establishment'] = ResolversParentTypes['Establishment']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  commune?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inspections?: Resolver<Maybe<ResolversTypes['InspectionConnection']>, ParentType, ContextType, Partial<EstablishmentInspectionsArgs>>;
  licenceNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stars?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  stays?: Resolver<Maybe<ResolversTypes['GuestStayConnection']>, ParentType, ContextType, Partial<EstablishmentStaysArgs>>;
  type?: Resolver<Maybe<ResolversTypes['EstablishmentType']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EstablishmentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EstablishmentConnection'] = ResolversParentTypes['EstablishmentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['EstablishmentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EstablishmentEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EstablishmentEdge'] = ResolversParentTypes['EstablishmentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Establishment']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type GatewayInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GatewayInfo'] = ResolversParentTypes['GatewayInfo']> = {
  developmentMode?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type GrantConsentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GrantConsentPayload'] = ResolversParentTypes['GrantConsentPayload']> = {
  consent?: Resolver<Maybe<ResolversTypes['Consent']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type GuestStayResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GuestStay'] = ResolversParentTypes['GuestStay']> = {
  actualCheckOutAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['DeclarationChannel']>, ParentType, ContextType>;
  checkInAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  declaredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  establishment?: Resolver<Maybe<ResolversTypes['Establishment']>, ParentType, ContextType>;
  expectedCheckOutAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  guest?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  guestPersonalId?: Resolver<Maybe<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nationality?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  passportNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type GuestStayConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GuestStayConnection'] = ResolversParentTypes['GuestStayConnection']> = {
  edges?: Resolver<Array<ResolversTypes['GuestStayEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type GuestStayEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GuestStayEdge'] = ResolversParentTypes['GuestStayEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['GuestStay']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type HealthFacilityResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['HealthFacility'] = ResolversParentTypes['HealthFacility']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  commune?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  level?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type HealthRecordResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['HealthRecord'] = ResolversParentTypes['HealthRecord']> = {
  coverage?: Resolver<Maybe<ResolversTypes['InsuranceCoverageConnection']>, ParentType, ContextType, Partial<HealthRecordCoverageArgs>>;
  encounters?: Resolver<Maybe<ResolversTypes['EncounterConnection']>, ParentType, ContextType, Partial<HealthRecordEncountersArgs>>;
  payments?: Resolver<Maybe<ResolversTypes['PaymentConnection']>, ParentType, ContextType, Partial<HealthRecordPaymentsArgs>>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['HealthSummary']>, ParentType, ContextType>;
  summaryWithheld?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  vaccinations?: Resolver<Maybe<ResolversTypes['VaccinationConnection']>, ParentType, ContextType, Partial<HealthRecordVaccinationsArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type HealthSummaryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['HealthSummary'] = ResolversParentTypes['HealthSummary']> = {
  allergies?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  bloodType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  chronicConditions?: Resolver<Maybe<Array<ResolversTypes['Diagnosis']>>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type HouseholdResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Household'] = ResolversParentTypes['Household']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  commune?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  head?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  members?: Resolver<Maybe<ResolversTypes['ResidenceRegistrationConnection']>, ParentType, ContextType, RequireFields<HouseholdMembersArgs, 'includeEnded'>>;
  residenceFileNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentifierResolutionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IdentifierResolution'] = ResolversParentTypes['IdentifierResolution']> = {
  citizens?: Resolver<Maybe<Array<ResolversTypes['Citizen']>>, ParentType, ContextType>;
  conflict?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['IdentifierKind'], ParentType, ContextType>;
  openConflict?: Resolver<Maybe<ResolversTypes['IdentityConflict']>, ParentType, ContextType>;
  reissued?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentityClaimResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IdentityClaim'] = ResolversParentTypes['IdentityClaim']> = {
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  supersededAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentityConflictResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IdentityConflict'] = ResolversParentTypes['IdentityConflict']> = {
  claims?: Resolver<Array<ResolversTypes['IdentityClaim']>, ParentType, ContextType>;
  detectedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['LegacyIdentifierKind'], ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  resolvedByClient?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedByOrganisation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedByUser?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IdentityConflictStatus'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['IdentityConflictType'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentityConflictConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IdentityConflictConnection'] = ResolversParentTypes['IdentityConflictConnection']> = {
  edges?: Resolver<Array<ResolversTypes['IdentityConflictEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentityConflictEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IdentityConflictEdge'] = ResolversParentTypes['IdentityConflictEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['IdentityConflict']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IndicatorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Indicator'] = ResolversParentTypes['Indicator']> = {
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['IndicatorCell']>, ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['IndicatorKind'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['IndicatorSource']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IndicatorCellResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IndicatorCell'] = ResolversParentTypes['IndicatorCell']> = {
  key?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IndicatorDefinitionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IndicatorDefinition'] = ResolversParentTypes['IndicatorDefinition']> = {
  description?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['IndicatorKind'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IndicatorSourceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IndicatorSource'] = ResolversParentTypes['IndicatorSource']> = {
  lastChangedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InspectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Inspection'] = ResolversParentTypes['Inspection']> = {
  agency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  findings?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inspectedOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  violations?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InspectionConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InspectionConnection'] = ResolversParentTypes['InspectionConnection']> = {
  edges?: Resolver<Array<ResolversTypes['InspectionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InspectionEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InspectionEdge'] = ResolversParentTypes['InspectionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Inspection']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InsuranceCoverageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InsuranceCoverage'] = ResolversParentTypes['InsuranceCoverage']> = {
  benefitLevel?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  cardCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  groupCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  initialFacility?: Resolver<Maybe<ResolversTypes['HealthFacility']>, ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InsuranceCoverageConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InsuranceCoverageConnection'] = ResolversParentTypes['InsuranceCoverageConnection']> = {
  edges?: Resolver<Array<ResolversTypes['InsuranceCoverageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InsuranceCoverageEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InsuranceCoverageEdge'] = ResolversParentTypes['InsuranceCoverageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['InsuranceCoverage']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandChangeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandChange'] = ResolversParentTypes['LandChange']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  parcel?: Resolver<Maybe<ResolversTypes['Parcel']>, ParentType, ContextType>;
  parties?: Resolver<Maybe<Array<ResolversTypes['LandChangeParty']>>, ParentType, ContextType>;
  registeredOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  rejectionReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['LandChangeStatus']>, ParentType, ContextType>;
  submittedOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['LandChangeType']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandChangeConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandChangeConnection'] = ResolversParentTypes['LandChangeConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LandChangeEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandChangeEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandChangeEdge'] = ResolversParentTypes['LandChangeEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['LandChange']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandChangePartyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandChangeParty'] = ResolversParentTypes['LandChangeParty']> = {
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  organisation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  personalId?: Resolver<Maybe<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['LandChangeRole']>, ParentType, ContextType>;
  sharePercent?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandRightResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandRight'] = ResolversParentTypes['LandRight']> = {
  certificateSerial?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endedOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  holder?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  holderOrganisation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  holderPersonalId?: Resolver<Maybe<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  parcel?: Resolver<Maybe<ResolversTypes['Parcel']>, ParentType, ContextType>;
  sharePercent?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  since?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandRightConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandRightConnection'] = ResolversParentTypes['LandRightConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LandRightEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandRightEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandRightEdge'] = ResolversParentTypes['LandRightEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['LandRight']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LandUsePurposeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LandUsePurpose'] = ResolversParentTypes['LandUsePurpose']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LegacyIdentifierResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LegacyIdentifier'] = ResolversParentTypes['LegacyIdentifier']> = {
  conflicted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['LegacyIdentifierKind'], ParentType, ContextType>;
  supersededAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LocalizedTextResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LocalizedText'] = ResolversParentTypes['LocalizedText']> = {
  en?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vi?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MoveResidentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MoveResidentPayload'] = ResolversParentTypes['MoveResidentPayload']> = {
  ended?: Resolver<Maybe<ResolversTypes['ResidenceRegistration']>, ParentType, ContextType>;
  household?: Resolver<Maybe<ResolversTypes['Household']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  registration?: Resolver<Maybe<ResolversTypes['ResidenceRegistration']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  checkOut?: Resolver<Maybe<ResolversTypes['CheckOutPayload']>, ParentType, ContextType, RequireFields<MutationCheckOutArgs, 'input'>>;
  declareStay?: Resolver<Maybe<ResolversTypes['DeclareStayPayload']>, ParentType, ContextType, RequireFields<MutationDeclareStayArgs, 'input'>>;
  deregisterResident?: Resolver<Maybe<ResolversTypes['DeregisterResidentPayload']>, ParentType, ContextType, RequireFields<MutationDeregisterResidentArgs, 'input'>>;
  dischargeEncounter?: Resolver<Maybe<ResolversTypes['DischargeEncounterPayload']>, ParentType, ContextType, RequireFields<MutationDischargeEncounterArgs, 'input'>>;
  grantConsent?: Resolver<Maybe<ResolversTypes['GrantConsentPayload']>, ParentType, ContextType, RequireFields<MutationGrantConsentArgs, 'input'>>;
  moveResident?: Resolver<Maybe<ResolversTypes['MoveResidentPayload']>, ParentType, ContextType, RequireFields<MutationMoveResidentArgs, 'input'>>;
  recordEncounter?: Resolver<Maybe<ResolversTypes['RecordEncounterPayload']>, ParentType, ContextType, RequireFields<MutationRecordEncounterArgs, 'input'>>;
  recordEncounterBatch?: Resolver<Maybe<ResolversTypes['RecordEncounterBatchPayload']>, ParentType, ContextType, RequireFields<MutationRecordEncounterBatchArgs, 'input'>>;
  recordPayment?: Resolver<Maybe<ResolversTypes['RecordPaymentPayload']>, ParentType, ContextType, RequireFields<MutationRecordPaymentArgs, 'input'>>;
  recordVaccination?: Resolver<Maybe<ResolversTypes['RecordVaccinationPayload']>, ParentType, ContextType, RequireFields<MutationRecordVaccinationArgs, 'input'>>;
  registerLandChange?: Resolver<Maybe<ResolversTypes['RegisterLandChangePayload']>, ParentType, ContextType, RequireFields<MutationRegisterLandChangeArgs, 'input'>>;
  registerResident?: Resolver<Maybe<ResolversTypes['RegisterResidentPayload']>, ParentType, ContextType, RequireFields<MutationRegisterResidentArgs, 'input'>>;
  rejectLandChange?: Resolver<Maybe<ResolversTypes['RejectLandChangePayload']>, ParentType, ContextType, RequireFields<MutationRejectLandChangeArgs, 'input'>>;
  resolveIdentityConflict?: Resolver<Maybe<ResolversTypes['IdentityConflict']>, ParentType, ContextType, RequireFields<MutationResolveIdentityConflictArgs, 'id' | 'resolution'>>;
  reviewBreakGlass?: Resolver<Maybe<ResolversTypes['ReviewBreakGlassPayload']>, ParentType, ContextType, RequireFields<MutationReviewBreakGlassArgs, 'id' | 'verdict'>>;
  revokeConsent?: Resolver<Maybe<ResolversTypes['RevokeConsentPayload']>, ParentType, ContextType, RequireFields<MutationRevokeConsentArgs, 'id'>>;
  submitLandChange?: Resolver<Maybe<ResolversTypes['SubmitLandChangePayload']>, ParentType, ContextType, RequireFields<MutationSubmitLandChangeArgs, 'input'>>;
};

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = {
  __resolveType: TypeResolveFn<'Citizen' | 'Establishment' | 'GuestStay' | 'Household' | 'IdentityConflict' | 'LandChange' | 'LandRight' | 'Parcel' | 'ResidenceRegistration', ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ParcelResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Parcel'] = ResolversParentTypes['Parcel']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  areaM2?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  changes?: Resolver<Maybe<ResolversTypes['LandChangeConnection']>, ParentType, ContextType, Partial<ParcelChangesArgs>>;
  commune?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mapSheetNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  parcelNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  purposes?: Resolver<Maybe<Array<ResolversTypes['LandUsePurpose']>>, ParentType, ContextType>;
  rights?: Resolver<Maybe<ResolversTypes['LandRightConnection']>, ParentType, ContextType, RequireFields<ParcelRightsArgs, 'includeEnded'>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = {
  amountVnd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  cashless?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  encounterKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  insuranceVnd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  paidAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  patientVnd?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PaymentBatchResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PaymentBatchResult'] = ResolversParentTypes['PaymentBatchResult']> = {
  outcome?: Resolver<ResolversTypes['BatchOutcome'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PaymentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PaymentConnection'] = ResolversParentTypes['PaymentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PaymentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  withheldCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PaymentEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PaymentEdge'] = ResolversParentTypes['PaymentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export interface PersonalIdScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['PersonalId'], any> {
  name: 'PersonalId';
}

export type PreviousPersonalIdResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PreviousPersonalId'] = ResolversParentTypes['PreviousPersonalId']> = {
  cancelledOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  accessLog?: Resolver<Maybe<ResolversTypes['AccessRecordConnection']>, ParentType, ContextType, RequireFields<QueryAccessLogArgs, 'personalId'>>;
  accessLogByClient?: Resolver<Maybe<ResolversTypes['AccessRecordConnection']>, ParentType, ContextType, RequireFields<QueryAccessLogByClientArgs, 'sub'>>;
  breakGlassReviews?: Resolver<Maybe<ResolversTypes['BreakGlassReviewConnection']>, ParentType, ContextType, Partial<QueryBreakGlassReviewsArgs>>;
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType, RequireFields<QueryCitizenArgs, 'personalId'>>;
  citizens?: Resolver<Maybe<Array<Maybe<ResolversTypes['Citizen']>>>, ParentType, ContextType, RequireFields<QueryCitizensArgs, 'personalIds'>>;
  establishment?: Resolver<Maybe<ResolversTypes['Establishment']>, ParentType, ContextType, RequireFields<QueryEstablishmentArgs, 'id'>>;
  establishments?: Resolver<Maybe<ResolversTypes['EstablishmentConnection']>, ParentType, ContextType, Partial<QueryEstablishmentsArgs>>;
  gatewayInfo?: Resolver<ResolversTypes['GatewayInfo'], ParentType, ContextType>;
  household?: Resolver<Maybe<ResolversTypes['Household']>, ParentType, ContextType, RequireFields<QueryHouseholdArgs, 'residenceFileNo'>>;
  identityConflicts?: Resolver<Maybe<ResolversTypes['IdentityConflictConnection']>, ParentType, ContextType, Partial<QueryIdentityConflictsArgs>>;
  indicatorCatalog?: Resolver<Maybe<Array<ResolversTypes['IndicatorDefinition']>>, ParentType, ContextType>;
  indicators?: Resolver<Maybe<Array<ResolversTypes['Indicator']>>, ParentType, ContextType, Partial<QueryIndicatorsArgs>>;
  landChanges?: Resolver<Maybe<ResolversTypes['LandChangeConnection']>, ParentType, ContextType, Partial<QueryLandChangesArgs>>;
  me?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  myAccessLog?: Resolver<Maybe<ResolversTypes['AccessLogConnection']>, ParentType, ContextType, Partial<QueryMyAccessLogArgs>>;
  myClientAccessLog?: Resolver<Maybe<ResolversTypes['AccessRecordConnection']>, ParentType, ContextType, Partial<QueryMyClientAccessLogArgs>>;
  myConsents?: Resolver<Maybe<ResolversTypes['ConsentConnection']>, ParentType, ContextType, Partial<QueryMyConsentsArgs>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  parcel?: Resolver<Maybe<ResolversTypes['Parcel']>, ParentType, ContextType, RequireFields<QueryParcelArgs, 'communeCode' | 'mapSheetNo' | 'parcelNo'>>;
  resolveIdentifier?: Resolver<Maybe<ResolversTypes['IdentifierResolution']>, ParentType, ContextType, RequireFields<QueryResolveIdentifierArgs, 'kind' | 'value'>>;
  securityEvents?: Resolver<Maybe<ResolversTypes['SecurityEventConnection']>, ParentType, ContextType, Partial<QuerySecurityEventsArgs>>;
  sourceStatus?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
};

export type RecordEncounterBatchPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RecordEncounterBatchPayload'] = ResolversParentTypes['RecordEncounterBatchPayload']> = {
  encounters?: Resolver<Array<ResolversTypes['EncounterBatchResult']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RecordEncounterPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RecordEncounterPayload'] = ResolversParentTypes['RecordEncounterPayload']> = {
  encounter?: Resolver<Maybe<ResolversTypes['Encounter']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RecordPaymentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RecordPaymentPayload'] = ResolversParentTypes['RecordPaymentPayload']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RecordVaccinationPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RecordVaccinationPayload'] = ResolversParentTypes['RecordVaccinationPayload']> = {
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  vaccination?: Resolver<Maybe<ResolversTypes['Vaccination']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RegisterLandChangePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RegisterLandChangePayload'] = ResolversParentTypes['RegisterLandChangePayload']> = {
  change?: Resolver<Maybe<ResolversTypes['LandChange']>, ParentType, ContextType>;
  changeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdRights?: Resolver<Maybe<Array<ResolversTypes['LandRight']>>, ParentType, ContextType>;
  endedRights?: Resolver<Maybe<Array<ResolversTypes['LandRight']>>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RegisterResidentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RegisterResidentPayload'] = ResolversParentTypes['RegisterResidentPayload']> = {
  household?: Resolver<Maybe<ResolversTypes['Household']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  registration?: Resolver<Maybe<ResolversTypes['ResidenceRegistration']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RejectLandChangePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RejectLandChangePayload'] = ResolversParentTypes['RejectLandChangePayload']> = {
  change?: Resolver<Maybe<ResolversTypes['LandChange']>, ParentType, ContextType>;
  changeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResidenceRegistrationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ResidenceRegistration'] = ResolversParentTypes['ResidenceRegistration']> = {
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  deregistrationReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  expectedEndDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  household?: Resolver<Maybe<ResolversTypes['Household']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  personalId?: Resolver<Maybe<ResolversTypes['PersonalId']>, ParentType, ContextType>;
  relationshipToHead?: Resolver<Maybe<ResolversTypes['RelationshipToHead']>, ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['RegistrationType']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResidenceRegistrationConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ResidenceRegistrationConnection'] = ResolversParentTypes['ResidenceRegistrationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ResidenceRegistrationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResidenceRegistrationEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ResidenceRegistrationEdge'] = ResolversParentTypes['ResidenceRegistrationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['ResidenceRegistration']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ReviewBreakGlassPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ReviewBreakGlassPayload'] = ResolversParentTypes['ReviewBreakGlassPayload']> = {
  review?: Resolver<Maybe<ResolversTypes['BreakGlassReview']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RevokeConsentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RevokeConsentPayload'] = ResolversParentTypes['RevokeConsentPayload']> = {
  consent?: Resolver<Maybe<ResolversTypes['Consent']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SecurityEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SecurityEvent'] = ResolversParentTypes['SecurityEvent']> = {
  clientOrg?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clientSub?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  coordinates?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  documentHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SecurityEventKind'], ParentType, ContextType>;
  lastAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  operationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requests?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SecurityEventConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SecurityEventConnection'] = ResolversParentTypes['SecurityEventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SecurityEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SecurityEventEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SecurityEventEdge'] = ResolversParentTypes['SecurityEventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['SecurityEvent']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SourceStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SourceStatus'] = ResolversParentTypes['SourceStatus']> = {
  lastChangedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rowCount?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleAfterHours?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SubmitLandChangePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SubmitLandChangePayload'] = ResolversParentTypes['SubmitLandChangePayload']> = {
  change?: Resolver<Maybe<ResolversTypes['LandChange']>, ParentType, ContextType>;
  changeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type VaccinationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Vaccination'] = ResolversParentTypes['Vaccination']> = {
  administeredOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  doseNumber?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  facility?: Resolver<Maybe<ResolversTypes['HealthFacility']>, ParentType, ContextType>;
  vaccine?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type VaccinationConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['VaccinationConnection'] = ResolversParentTypes['VaccinationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['VaccinationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  withheldCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type VaccinationEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['VaccinationEdge'] = ResolversParentTypes['VaccinationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Vaccination']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  AccessLogConnection?: AccessLogConnectionResolvers<ContextType>;
  AccessLogEdge?: AccessLogEdgeResolvers<ContextType>;
  AccessLogEntry?: AccessLogEntryResolvers<ContextType>;
  AccessRecord?: AccessRecordResolvers<ContextType>;
  AccessRecordConnection?: AccessRecordConnectionResolvers<ContextType>;
  AccessRecordEdge?: AccessRecordEdgeResolvers<ContextType>;
  AdministrativeUnit?: AdministrativeUnitResolvers<ContextType>;
  BreakGlassReview?: BreakGlassReviewResolvers<ContextType>;
  BreakGlassReviewConnection?: BreakGlassReviewConnectionResolvers<ContextType>;
  BreakGlassReviewEdge?: BreakGlassReviewEdgeResolvers<ContextType>;
  CheckOutPayload?: CheckOutPayloadResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  Consent?: ConsentResolvers<ContextType>;
  ConsentConnection?: ConsentConnectionResolvers<ContextType>;
  ConsentEdge?: ConsentEdgeResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  DeclareStayPayload?: DeclareStayPayloadResolvers<ContextType>;
  DeregisterResidentPayload?: DeregisterResidentPayloadResolvers<ContextType>;
  Diagnosis?: DiagnosisResolvers<ContextType>;
  DischargeEncounterPayload?: DischargeEncounterPayloadResolvers<ContextType>;
  Encounter?: EncounterResolvers<ContextType>;
  EncounterBatchResult?: EncounterBatchResultResolvers<ContextType>;
  EncounterConnection?: EncounterConnectionResolvers<ContextType>;
  EncounterEdge?: EncounterEdgeResolvers<ContextType>;
  Establishment?: EstablishmentResolvers<ContextType>;
  EstablishmentConnection?: EstablishmentConnectionResolvers<ContextType>;
  EstablishmentEdge?: EstablishmentEdgeResolvers<ContextType>;
  GatewayInfo?: GatewayInfoResolvers<ContextType>;
  GrantConsentPayload?: GrantConsentPayloadResolvers<ContextType>;
  GuestStay?: GuestStayResolvers<ContextType>;
  GuestStayConnection?: GuestStayConnectionResolvers<ContextType>;
  GuestStayEdge?: GuestStayEdgeResolvers<ContextType>;
  HealthFacility?: HealthFacilityResolvers<ContextType>;
  HealthRecord?: HealthRecordResolvers<ContextType>;
  HealthSummary?: HealthSummaryResolvers<ContextType>;
  Household?: HouseholdResolvers<ContextType>;
  IdentifierResolution?: IdentifierResolutionResolvers<ContextType>;
  IdentityClaim?: IdentityClaimResolvers<ContextType>;
  IdentityConflict?: IdentityConflictResolvers<ContextType>;
  IdentityConflictConnection?: IdentityConflictConnectionResolvers<ContextType>;
  IdentityConflictEdge?: IdentityConflictEdgeResolvers<ContextType>;
  Indicator?: IndicatorResolvers<ContextType>;
  IndicatorCell?: IndicatorCellResolvers<ContextType>;
  IndicatorDefinition?: IndicatorDefinitionResolvers<ContextType>;
  IndicatorSource?: IndicatorSourceResolvers<ContextType>;
  Inspection?: InspectionResolvers<ContextType>;
  InspectionConnection?: InspectionConnectionResolvers<ContextType>;
  InspectionEdge?: InspectionEdgeResolvers<ContextType>;
  InsuranceCoverage?: InsuranceCoverageResolvers<ContextType>;
  InsuranceCoverageConnection?: InsuranceCoverageConnectionResolvers<ContextType>;
  InsuranceCoverageEdge?: InsuranceCoverageEdgeResolvers<ContextType>;
  LandChange?: LandChangeResolvers<ContextType>;
  LandChangeConnection?: LandChangeConnectionResolvers<ContextType>;
  LandChangeEdge?: LandChangeEdgeResolvers<ContextType>;
  LandChangeParty?: LandChangePartyResolvers<ContextType>;
  LandRight?: LandRightResolvers<ContextType>;
  LandRightConnection?: LandRightConnectionResolvers<ContextType>;
  LandRightEdge?: LandRightEdgeResolvers<ContextType>;
  LandUsePurpose?: LandUsePurposeResolvers<ContextType>;
  LegacyIdentifier?: LegacyIdentifierResolvers<ContextType>;
  LocalizedText?: LocalizedTextResolvers<ContextType>;
  MoveResidentPayload?: MoveResidentPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Parcel?: ParcelResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentBatchResult?: PaymentBatchResultResolvers<ContextType>;
  PaymentConnection?: PaymentConnectionResolvers<ContextType>;
  PaymentEdge?: PaymentEdgeResolvers<ContextType>;
  PersonalId?: GraphQLScalarType;
  PreviousPersonalId?: PreviousPersonalIdResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordEncounterBatchPayload?: RecordEncounterBatchPayloadResolvers<ContextType>;
  RecordEncounterPayload?: RecordEncounterPayloadResolvers<ContextType>;
  RecordPaymentPayload?: RecordPaymentPayloadResolvers<ContextType>;
  RecordVaccinationPayload?: RecordVaccinationPayloadResolvers<ContextType>;
  RegisterLandChangePayload?: RegisterLandChangePayloadResolvers<ContextType>;
  RegisterResidentPayload?: RegisterResidentPayloadResolvers<ContextType>;
  RejectLandChangePayload?: RejectLandChangePayloadResolvers<ContextType>;
  ResidenceRegistration?: ResidenceRegistrationResolvers<ContextType>;
  ResidenceRegistrationConnection?: ResidenceRegistrationConnectionResolvers<ContextType>;
  ResidenceRegistrationEdge?: ResidenceRegistrationEdgeResolvers<ContextType>;
  ReviewBreakGlassPayload?: ReviewBreakGlassPayloadResolvers<ContextType>;
  RevokeConsentPayload?: RevokeConsentPayloadResolvers<ContextType>;
  SecurityEvent?: SecurityEventResolvers<ContextType>;
  SecurityEventConnection?: SecurityEventConnectionResolvers<ContextType>;
  SecurityEventEdge?: SecurityEventEdgeResolvers<ContextType>;
  SourceStatus?: SourceStatusResolvers<ContextType>;
  SubmitLandChangePayload?: SubmitLandChangePayloadResolvers<ContextType>;
  Vaccination?: VaccinationResolvers<ContextType>;
  VaccinationConnection?: VaccinationConnectionResolvers<ContextType>;
  VaccinationEdge?: VaccinationEdgeResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GatewayContext> = {
  auditExempt?: AuditExemptDirectiveResolver<any, any, ContextType>;
  cost?: CostDirectiveResolver<any, any, ContextType>;
  listSize?: ListSizeDirectiveResolver<any, any, ContextType>;
  notPersonal?: NotPersonalDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  public?: PublicDirectiveResolver<any, any, ContextType>;
  requiresConsent?: RequiresConsentDirectiveResolver<any, any, ContextType>;
  requiresScopes?: RequiresScopesDirectiveResolver<any, any, ContextType>;
};
