import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CitizenModel, PreviousPersonalIdModel, AdministrativeUnitModel } from '../sectors/citizen/mappers.ts';
import type { HealthRecordModel, HealthSummaryModel, HealthFacilityModel, InsuranceCoverageModel, EncounterModel, PaymentModel, VaccinationModel } from '../sectors/health/mappers.ts';
import type { HouseholdModel, ResidenceRegistrationModel } from '../sectors/household/mappers.ts';
import type { ParcelModel, LandRightModel, LandChangeModel, LandChangePartyModel } from '../sectors/land/mappers.ts';
import type { EstablishmentModel, GuestStayModel, InspectionModel } from '../sectors/tourism/mappers.ts';
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
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenLandRightsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenResidenceRegistrationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A citizen in the population registry. Reachable with any scope that reads personal data; each identity field
 * needs `citizen:identity:read`.
 */
export type CitizenStaysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CitizenStatus =
  | 'ALIVE'
  | 'DECEASED';

export type DeclarationChannel =
  | 'API'
  | 'IN_PERSON'
  | 'ONLINE_PORTAL'
  | 'VNEID';

/** An ICD-10 code (WHO, Vietnamese edition per Decision 4469/QD-BYT) with its title. */
export type Diagnosis = {
  __typename?: 'Diagnosis';
  code: Scalars['String']['output'];
  title?: Maybe<Scalars['String']['output']>;
};

export type Encounter = Node & {
  __typename?: 'Encounter';
  admittedAt?: Maybe<Scalars['DateTime']['output']>;
  dischargedAt?: Maybe<Scalars['DateTime']['output']>;
  encounterKey?: Maybe<Scalars['String']['output']>;
  facility?: Maybe<HealthFacility>;
  id: Scalars['ID']['output'];
  payments?: Maybe<Array<Payment>>;
  principalDiagnosis?: Maybe<Diagnosis>;
  secondaryDiagnoses?: Maybe<Array<Diagnosis>>;
  type?: Maybe<EncounterType>;
};

export type EncounterConnection = {
  __typename?: 'EncounterConnection';
  edges: Array<EncounterEdge>;
  pageInfo: PageInfo;
};

export type EncounterEdge = {
  __typename?: 'EncounterEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<Encounter>;
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
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type EstablishmentStaysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
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

/** The health data linked to one personal ID. Each part needs its own scope. */
export type HealthRecord = {
  __typename?: 'HealthRecord';
  /** Health-insurance cards, newest first. */
  coverage?: Maybe<InsuranceCoverageConnection>;
  /** Encounters at any facility, newest admission first, optionally within [from, to]. */
  encounters?: Maybe<EncounterConnection>;
  payments?: Maybe<PaymentConnection>;
  personalId: Scalars['PersonalId']['output'];
  summary?: Maybe<HealthSummary>;
  vaccinations?: Maybe<VaccinationConnection>;
};


/** The health data linked to one personal ID. Each part needs its own scope. */
export type HealthRecordCoverageArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** The health data linked to one personal ID. Each part needs its own scope. */
export type HealthRecordEncountersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
};


/** The health data linked to one personal ID. Each part needs its own scope. */
export type HealthRecordPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** The health data linked to one personal ID. Each part needs its own scope. */
export type HealthRecordVaccinationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type HealthSummary = {
  __typename?: 'HealthSummary';
  allergies?: Maybe<Array<Scalars['String']['output']>>;
  /** ABO and Rh, e.g. `O+`. */
  bloodType?: Maybe<Scalars['String']['output']>;
  chronicConditions?: Maybe<Array<Diagnosis>>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

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


export type HouseholdMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
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

/** A Relay-style object with a global identifier. */
export type Node = {
  /** Opaque global identifier. */
  id: Scalars['ID']['output'];
};

/** Relay connection paging information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

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


export type ParcelChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ParcelRightsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
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

export type PaymentConnection = {
  __typename?: 'PaymentConnection';
  edges: Array<PaymentEdge>;
  pageInfo: PageInfo;
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
  /** Land-change registrations, filterable by commune, type, status and submission date range [from, to]. */
  landChanges?: Maybe<LandChangeConnection>;
  /** The citizen a citizen token (`pid` claim) is bound to; null for other tokens. */
  me?: Maybe<Citizen>;
  /** A parcel by commune code, map sheet number and parcel number. */
  parcel?: Maybe<Parcel>;
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
  communeCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  type?: InputMaybe<EstablishmentType>;
};


export type QueryHouseholdArgs = {
  residenceFileNo: Scalars['String']['input'];
};


export type QueryLandChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  communeCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['Date']['input']>;
  status?: InputMaybe<LandChangeStatus>;
  to?: InputMaybe<Scalars['Date']['input']>;
  type?: InputMaybe<LandChangeType>;
};


export type QueryParcelArgs = {
  communeCode: Scalars['String']['input'];
  mapSheetNo: Scalars['Int']['input'];
  parcelNo: Scalars['Int']['input'];
};

export type RegistrationType =
  | 'PERMANENT'
  | 'TEMPORARY'
  | 'TEMPORARY_ABSENCE';

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

export type Sex =
  | 'FEMALE'
  | 'MALE';

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
  Node: ( CitizenModel ) | ( EncounterModel ) | ( EstablishmentModel ) | ( GuestStayModel ) | ( HouseholdModel ) | ( LandChangeModel ) | ( LandRightModel ) | ( ParcelModel ) | ( ResidenceRegistrationModel );
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AdministrativeLevel: AdministrativeLevel;
  AdministrativeUnit: ResolverTypeWrapper<AdministrativeUnitModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Citizen: ResolverTypeWrapper<CitizenModel>;
  CitizenStatus: CitizenStatus;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  DeclarationChannel: DeclarationChannel;
  Diagnosis: ResolverTypeWrapper<Diagnosis>;
  Encounter: ResolverTypeWrapper<EncounterModel>;
  EncounterConnection: ResolverTypeWrapper<Omit<EncounterConnection, 'edges'> & { edges: Array<ResolversTypes['EncounterEdge']> }>;
  EncounterEdge: ResolverTypeWrapper<Omit<EncounterEdge, 'node'> & { node?: Maybe<ResolversTypes['Encounter']> }>;
  EncounterType: EncounterType;
  Establishment: ResolverTypeWrapper<EstablishmentModel>;
  EstablishmentConnection: ResolverTypeWrapper<Omit<EstablishmentConnection, 'edges'> & { edges: Array<ResolversTypes['EstablishmentEdge']> }>;
  EstablishmentEdge: ResolverTypeWrapper<Omit<EstablishmentEdge, 'node'> & { node?: Maybe<ResolversTypes['Establishment']> }>;
  EstablishmentType: EstablishmentType;
  GatewayInfo: ResolverTypeWrapper<GatewayInfo>;
  GuestStay: ResolverTypeWrapper<GuestStayModel>;
  GuestStayConnection: ResolverTypeWrapper<Omit<GuestStayConnection, 'edges'> & { edges: Array<ResolversTypes['GuestStayEdge']> }>;
  GuestStayEdge: ResolverTypeWrapper<Omit<GuestStayEdge, 'node'> & { node?: Maybe<ResolversTypes['GuestStay']> }>;
  HealthFacility: ResolverTypeWrapper<HealthFacilityModel>;
  HealthRecord: ResolverTypeWrapper<HealthRecordModel>;
  HealthSummary: ResolverTypeWrapper<HealthSummaryModel>;
  Household: ResolverTypeWrapper<HouseholdModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
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
  LandChangeRole: LandChangeRole;
  LandChangeStatus: LandChangeStatus;
  LandChangeType: LandChangeType;
  LandRight: ResolverTypeWrapper<LandRightModel>;
  LandRightConnection: ResolverTypeWrapper<Omit<LandRightConnection, 'edges'> & { edges: Array<ResolversTypes['LandRightEdge']> }>;
  LandRightEdge: ResolverTypeWrapper<Omit<LandRightEdge, 'node'> & { node?: Maybe<ResolversTypes['LandRight']> }>;
  LandUsePurpose: ResolverTypeWrapper<LandUsePurpose>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Parcel: ResolverTypeWrapper<ParcelModel>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentConnection: ResolverTypeWrapper<Omit<PaymentConnection, 'edges'> & { edges: Array<ResolversTypes['PaymentEdge']> }>;
  PaymentEdge: ResolverTypeWrapper<Omit<PaymentEdge, 'node'> & { node?: Maybe<ResolversTypes['Payment']> }>;
  PersonalId: ResolverTypeWrapper<Scalars['PersonalId']['output']>;
  PreviousPersonalId: ResolverTypeWrapper<PreviousPersonalIdModel>;
  Query: ResolverTypeWrapper<{}>;
  RegistrationType: RegistrationType;
  RelationshipToHead: RelationshipToHead;
  ResidenceRegistration: ResolverTypeWrapper<ResidenceRegistrationModel>;
  ResidenceRegistrationConnection: ResolverTypeWrapper<Omit<ResidenceRegistrationConnection, 'edges'> & { edges: Array<ResolversTypes['ResidenceRegistrationEdge']> }>;
  ResidenceRegistrationEdge: ResolverTypeWrapper<Omit<ResidenceRegistrationEdge, 'node'> & { node?: Maybe<ResolversTypes['ResidenceRegistration']> }>;
  Sex: Sex;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Vaccination: ResolverTypeWrapper<VaccinationModel>;
  VaccinationConnection: ResolverTypeWrapper<Omit<VaccinationConnection, 'edges'> & { edges: Array<ResolversTypes['VaccinationEdge']> }>;
  VaccinationEdge: ResolverTypeWrapper<Omit<VaccinationEdge, 'node'> & { node?: Maybe<ResolversTypes['Vaccination']> }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AdministrativeUnit: AdministrativeUnitModel;
  Boolean: Scalars['Boolean']['output'];
  Citizen: CitizenModel;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  Diagnosis: Diagnosis;
  Encounter: EncounterModel;
  EncounterConnection: Omit<EncounterConnection, 'edges'> & { edges: Array<ResolversParentTypes['EncounterEdge']> };
  EncounterEdge: Omit<EncounterEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Encounter']> };
  Establishment: EstablishmentModel;
  EstablishmentConnection: Omit<EstablishmentConnection, 'edges'> & { edges: Array<ResolversParentTypes['EstablishmentEdge']> };
  EstablishmentEdge: Omit<EstablishmentEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Establishment']> };
  GatewayInfo: GatewayInfo;
  GuestStay: GuestStayModel;
  GuestStayConnection: Omit<GuestStayConnection, 'edges'> & { edges: Array<ResolversParentTypes['GuestStayEdge']> };
  GuestStayEdge: Omit<GuestStayEdge, 'node'> & { node?: Maybe<ResolversParentTypes['GuestStay']> };
  HealthFacility: HealthFacilityModel;
  HealthRecord: HealthRecordModel;
  HealthSummary: HealthSummaryModel;
  Household: HouseholdModel;
  ID: Scalars['ID']['output'];
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
  LandRight: LandRightModel;
  LandRightConnection: Omit<LandRightConnection, 'edges'> & { edges: Array<ResolversParentTypes['LandRightEdge']> };
  LandRightEdge: Omit<LandRightEdge, 'node'> & { node?: Maybe<ResolversParentTypes['LandRight']> };
  LandUsePurpose: LandUsePurpose;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  Parcel: ParcelModel;
  Payment: PaymentModel;
  PaymentConnection: Omit<PaymentConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaymentEdge']> };
  PaymentEdge: Omit<PaymentEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Payment']> };
  PersonalId: Scalars['PersonalId']['output'];
  PreviousPersonalId: PreviousPersonalIdModel;
  Query: {};
  ResidenceRegistration: ResidenceRegistrationModel;
  ResidenceRegistrationConnection: Omit<ResidenceRegistrationConnection, 'edges'> & { edges: Array<ResolversParentTypes['ResidenceRegistrationEdge']> };
  ResidenceRegistrationEdge: Omit<ResidenceRegistrationEdge, 'node'> & { node?: Maybe<ResolversParentTypes['ResidenceRegistration']> };
  String: Scalars['String']['output'];
  Vaccination: VaccinationModel;
  VaccinationConnection: Omit<VaccinationConnection, 'edges'> & { edges: Array<ResolversParentTypes['VaccinationEdge']> };
  VaccinationEdge: Omit<VaccinationEdge, 'node'> & { node?: Maybe<ResolversParentTypes['Vaccination']> };
};

export type PersonalDirectiveArgs = {
  subject: Scalars['String']['input'];
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PublicDirectiveArgs = { };

export type PublicDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = PublicDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresScopesDirectiveArgs = {
  scopes: Array<Array<Scalars['String']['input']>>;
};

export type RequiresScopesDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = RequiresScopesDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AdministrativeUnitResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AdministrativeUnit'] = ResolversParentTypes['AdministrativeUnit']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['AdministrativeLevel'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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
  landChanges?: Resolver<Maybe<ResolversTypes['LandChangeConnection']>, ParentType, ContextType, RequireFields<CitizenLandChangesArgs, 'first'>>;
  landRights?: Resolver<Maybe<ResolversTypes['LandRightConnection']>, ParentType, ContextType, RequireFields<CitizenLandRightsArgs, 'first' | 'includeEnded'>>;
  nationality?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  previousPersonalIds?: Resolver<Maybe<Array<ResolversTypes['PreviousPersonalId']>>, ParentType, ContextType>;
  residenceRegistrations?: Resolver<Maybe<ResolversTypes['ResidenceRegistrationConnection']>, ParentType, ContextType, RequireFields<CitizenResidenceRegistrationsArgs, 'first'>>;
  sex?: Resolver<Maybe<ResolversTypes['Sex']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['CitizenStatus']>, ParentType, ContextType>;
  stays?: Resolver<Maybe<ResolversTypes['GuestStayConnection']>, ParentType, ContextType, RequireFields<CitizenStaysArgs, 'first'>>;
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

export type DiagnosisResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Diagnosis'] = ResolversParentTypes['Diagnosis']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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

export type EncounterConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EncounterConnection'] = ResolversParentTypes['EncounterConnection']> = {
  edges?: Resolver<Array<ResolversTypes['EncounterEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
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
  inspections?: Resolver<Maybe<ResolversTypes['InspectionConnection']>, ParentType, ContextType, RequireFields<EstablishmentInspectionsArgs, 'first'>>;
  licenceNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stars?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  stays?: Resolver<Maybe<ResolversTypes['GuestStayConnection']>, ParentType, ContextType, RequireFields<EstablishmentStaysArgs, 'first'>>;
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
  coverage?: Resolver<Maybe<ResolversTypes['InsuranceCoverageConnection']>, ParentType, ContextType, RequireFields<HealthRecordCoverageArgs, 'first'>>;
  encounters?: Resolver<Maybe<ResolversTypes['EncounterConnection']>, ParentType, ContextType, RequireFields<HealthRecordEncountersArgs, 'first'>>;
  payments?: Resolver<Maybe<ResolversTypes['PaymentConnection']>, ParentType, ContextType, RequireFields<HealthRecordPaymentsArgs, 'first'>>;
  personalId?: Resolver<ResolversTypes['PersonalId'], ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['HealthSummary']>, ParentType, ContextType>;
  vaccinations?: Resolver<Maybe<ResolversTypes['VaccinationConnection']>, ParentType, ContextType, RequireFields<HealthRecordVaccinationsArgs, 'first'>>;
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
  members?: Resolver<Maybe<ResolversTypes['ResidenceRegistrationConnection']>, ParentType, ContextType, RequireFields<HouseholdMembersArgs, 'first' | 'includeEnded'>>;
  residenceFileNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = {
  __resolveType: TypeResolveFn<'Citizen' | 'Encounter' | 'Establishment' | 'GuestStay' | 'Household' | 'LandChange' | 'LandRight' | 'Parcel' | 'ResidenceRegistration', ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ParcelResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Parcel'] = ResolversParentTypes['Parcel']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  areaM2?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  changes?: Resolver<Maybe<ResolversTypes['LandChangeConnection']>, ParentType, ContextType, RequireFields<ParcelChangesArgs, 'first'>>;
  commune?: Resolver<Maybe<ResolversTypes['AdministrativeUnit']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mapSheetNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  parcelNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  purposes?: Resolver<Maybe<Array<ResolversTypes['LandUsePurpose']>>, ParentType, ContextType>;
  rights?: Resolver<Maybe<ResolversTypes['LandRightConnection']>, ParentType, ContextType, RequireFields<ParcelRightsArgs, 'first' | 'includeEnded'>>;
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

export type PaymentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PaymentConnection'] = ResolversParentTypes['PaymentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PaymentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
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
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType, RequireFields<QueryCitizenArgs, 'personalId'>>;
  citizens?: Resolver<Maybe<Array<Maybe<ResolversTypes['Citizen']>>>, ParentType, ContextType, RequireFields<QueryCitizensArgs, 'personalIds'>>;
  establishment?: Resolver<Maybe<ResolversTypes['Establishment']>, ParentType, ContextType, RequireFields<QueryEstablishmentArgs, 'id'>>;
  establishments?: Resolver<Maybe<ResolversTypes['EstablishmentConnection']>, ParentType, ContextType, RequireFields<QueryEstablishmentsArgs, 'first'>>;
  gatewayInfo?: Resolver<ResolversTypes['GatewayInfo'], ParentType, ContextType>;
  household?: Resolver<Maybe<ResolversTypes['Household']>, ParentType, ContextType, RequireFields<QueryHouseholdArgs, 'residenceFileNo'>>;
  landChanges?: Resolver<Maybe<ResolversTypes['LandChangeConnection']>, ParentType, ContextType, RequireFields<QueryLandChangesArgs, 'first'>>;
  me?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  parcel?: Resolver<Maybe<ResolversTypes['Parcel']>, ParentType, ContextType, RequireFields<QueryParcelArgs, 'communeCode' | 'mapSheetNo' | 'parcelNo'>>;
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
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type VaccinationEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['VaccinationEdge'] = ResolversParentTypes['VaccinationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Vaccination']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  AdministrativeUnit?: AdministrativeUnitResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Diagnosis?: DiagnosisResolvers<ContextType>;
  Encounter?: EncounterResolvers<ContextType>;
  EncounterConnection?: EncounterConnectionResolvers<ContextType>;
  EncounterEdge?: EncounterEdgeResolvers<ContextType>;
  Establishment?: EstablishmentResolvers<ContextType>;
  EstablishmentConnection?: EstablishmentConnectionResolvers<ContextType>;
  EstablishmentEdge?: EstablishmentEdgeResolvers<ContextType>;
  GatewayInfo?: GatewayInfoResolvers<ContextType>;
  GuestStay?: GuestStayResolvers<ContextType>;
  GuestStayConnection?: GuestStayConnectionResolvers<ContextType>;
  GuestStayEdge?: GuestStayEdgeResolvers<ContextType>;
  HealthFacility?: HealthFacilityResolvers<ContextType>;
  HealthRecord?: HealthRecordResolvers<ContextType>;
  HealthSummary?: HealthSummaryResolvers<ContextType>;
  Household?: HouseholdResolvers<ContextType>;
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
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Parcel?: ParcelResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentConnection?: PaymentConnectionResolvers<ContextType>;
  PaymentEdge?: PaymentEdgeResolvers<ContextType>;
  PersonalId?: GraphQLScalarType;
  PreviousPersonalId?: PreviousPersonalIdResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResidenceRegistration?: ResidenceRegistrationResolvers<ContextType>;
  ResidenceRegistrationConnection?: ResidenceRegistrationConnectionResolvers<ContextType>;
  ResidenceRegistrationEdge?: ResidenceRegistrationEdgeResolvers<ContextType>;
  Vaccination?: VaccinationResolvers<ContextType>;
  VaccinationConnection?: VaccinationConnectionResolvers<ContextType>;
  VaccinationEdge?: VaccinationEdgeResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GatewayContext> = {
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  public?: PublicDirectiveResolver<any, any, ContextType>;
  requiresScopes?: RequiresScopesDirectiveResolver<any, any, ContextType>;
};
