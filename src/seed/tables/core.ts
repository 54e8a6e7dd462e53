/**
 * The population registry (core schema): administrative units, citizens, re-issued personal IDs,
 * legacy identifiers with a known share of conflicts, and the conflicts themselves.
 */
import type { IdentityConflictRecord, LegacyKind, SeedContext, TableLoad } from '../context.ts';
import { NULL, copyTextArray, dateText, dayNumber, timestampText, yearOf, type ChunkBuilder } from '../format.ts';
import { OldIdCardIssuer, TaxCodes } from '../identifiers.ts';
import { ALIVE, ETHNICITIES, NO_HOMETOWN, ageOn, fullName } from '../population.ts';
import { Rng, Stream } from '../random.ts';
import { PROVINCE_CODE, PROVINCE_NAME, UNITS } from '../reference/administrative-units.ts';
import { HealthModel } from './health.ts';

/** The national population database went live on 1 July 2021: records were created from then on. */
const REGISTRY_START = dayNumber(2021, 7, 1);

/**
 * Recent legacy values, per kind, from which an injected conflict borrows a value: the value of
 * citizen X is also recorded for the current citizen Y (a data-entry error in a source registry).
 */
class RecentValues {
  private readonly values: string[] = [];
  private readonly owners: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  remember(value: string, owner: number): void {
    if (this.values.length < this.capacity) {
      this.values.push(value);
      this.owners.push(owner);
    } else {
      this.values[this.next] = value;
      this.owners[this.next] = owner;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  /** Takes (and forgets) a random remembered value of another citizen, if any. */
  take(rng: Rng, notOwner: number): { value: string; owner: number } | undefined {
    for (let attempt = 0; attempt < 8 && this.values.length > 0; attempt += 1) {
      const slot = rng.int(0, this.values.length - 1);
      const owner = this.owners[slot]!;
      if (owner === notOwner || owner < 0) continue;
      this.owners[slot] = -1; // a value is borrowed at most once: one conflict per value
      return { value: this.values[slot]!, owner };
    }
    return undefined;
  }
}

function* legacyRows(context: SeedContext, out: ChunkBuilder): Generator<string> {
  const { population, seed, asOf, conflictRate, state } = context;
  const { pid, size } = population;
  const health = new HealthModel(context);
  const oldIdCards = new OldIdCardIssuer(seed);
  const taxCodes = new TaxCodes(seed);
  const rng = new Rng();
  const conflictRng = new Rng(seed, Stream.conflict, 0);
  const recent: Record<LegacyKind, RecentValues> = {
    OLD_ID_CARD: new RecentValues(2048),
    TAX_CODE: new RecentValues(2048),
    SOCIAL_INSURANCE: new RecentValues(2048),
  };
  const injected: Record<LegacyKind, number> = { OLD_ID_CARD: 0, TAX_CODE: 0, SOCIAL_INSURANCE: 0 };
  state.legacyDistinct = { OLD_ID_CARD: 0, TAX_CODE: 0, SOCIAL_INSURANCE: 0 };
  let id = 0;
  const pending: string[] = [];

  const own = (kind: LegacyKind, value: string, citizen: number): void => {
    id += 1;
    pending.push(`${id}\t${kind}\t${value}\t${pid[citizen]}`);
    state.legacyDistinct[kind] += 1;
    recent[kind].remember(value, citizen);
  };

  for (let i = 0; i < size; i += 1) {
    rng.reseed(seed, Stream.legacy, i);
    const birth = population.birthDay[i]!;
    const age = ageOn(population, i, Math.min(asOf, population.deathDay[i]!));
    // Old 9-digit ID cards were issued from age 14 until the 12-digit card replaced them (2016-2021).
    if (yearOf(birth) <= 2004 && age >= 14 && rng.chance(0.9)) own('OLD_ID_CARD', oldIdCards.issue(pid[i]!), i);
    if (age >= 18 && rng.chance(age >= 23 && age < 65 ? 0.55 : 0.3)) {
      const base = taxCodes.of(i);
      own('TAX_CODE', rng.chance(0.03) ? `${base}00${rng.int(1, 3)}` : base, i);
    }
    if (health.coverages(i).length > 0 || (age >= 18 && rng.chance(0.15)))
      own('SOCIAL_INSURANCE', health.socialInsuranceNumber(i), i);

    // Injected conflicts keep the share of conflicting values at the configured rate, per kind.
    for (const kind of LEGACY_KINDS) {
      while (injected[kind] < Math.floor(state.legacyDistinct[kind] * conflictRate)) {
        const borrowed = recent[kind].take(conflictRng, i);
        if (borrowed === undefined) break;
        injected[kind] += 1;
        id += 1;
        pending.push(`${id}\t${kind}\t${borrowed.value}\t${pid[i]}`);
        const detected = asOf - conflictRng.int(0, 540);
        state.conflicts.push({
          kind,
          value: borrowed.value,
          personalIds: [pid[borrowed.owner]!, pid[i]!],
          detectedAt: timestampText(Math.max(detected, REGISTRY_START), conflictRng.int(0, 86_399)),
        });
      }
    }
    for (const line of pending) {
      const chunk = out.add(line);
      if (chunk !== undefined) yield chunk;
    }
    pending.length = 0;
  }
  const rest = out.flush();
  if (rest !== undefined) yield rest;
}

const LEGACY_KINDS: readonly LegacyKind[] = ['OLD_ID_CARD', 'TAX_CODE', 'SOCIAL_INSURANCE'];

export const coreTables: readonly TableLoad[] = [
  {
    table: 'core.administrative_unit',
    columns: ['code', 'name', 'level', 'province_code'],
    *generate(_context, out) {
      out.add(`${PROVINCE_CODE}\t${PROVINCE_NAME}\tPROVINCE\t${PROVINCE_CODE}`);
      for (const unit of UNITS) {
        const chunk = out.add(`${unit.code}\t${unit.name}\t${unit.level}\t${PROVINCE_CODE}`);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'core.citizen',
    columns: [
      'personal_id',
      'full_name',
      'date_of_birth',
      'sex',
      'ethnicity',
      'nationality',
      'hometown_commune',
      'status',
      'created_at',
      'updated_at',
    ],
    source: 'citizen',
    *generate(context, out) {
      const { population, seed, asOf } = context;
      const rng = new Rng();
      for (let i = 0; i < population.size; i += 1) {
        rng.reseed(seed, Stream.person + 1000, i);
        const birth = population.birthDay[i]!;
        const death = population.deathDay[i]!;
        const hometown = population.hometown[i]!;
        const created = birth >= REGISTRY_START ? birth + rng.int(3, 45) : REGISTRY_START + rng.int(0, 240);
        const createdDay = Math.min(created, asOf - 1);
        let updatedDay =
          death !== ALIVE ? Math.max(createdDay, death + rng.int(1, 20)) : createdDay + rng.int(0, asOf - createdDay);
        const previous = population.previousIds.get(i);
        if (previous !== undefined) updatedDay = Math.max(updatedDay, previous.cancelledDay);
        updatedDay = Math.min(updatedDay, asOf);
        const line =
          `${population.pid[i]}\t${fullName(population, i)}\t${dateText(birth)}\t${population.female[i] === 1 ? 'FEMALE' : 'MALE'}` +
          `\t${ETHNICITIES[population.ethnicity[i]!]}\tVNM\t${hometown === NO_HOMETOWN ? NULL : UNITS[hometown]!.code}` +
          `\t${death === ALIVE ? 'ALIVE' : 'DECEASED'}\t${timestampText(createdDay, rng.int(7 * 3600, 18 * 3600))}` +
          `\t${timestampText(updatedDay, updatedDay === createdDay ? 18 * 3600 + 1 : rng.int(7 * 3600, 18 * 3600))}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'core.previous_personal_id',
    columns: ['previous_id', 'personal_id', 'cancelled_on', 'reason'],
    source: 'citizen',
    *generate(context, out) {
      for (const [citizen, previous] of context.population.previousIds) {
        const line = `${previous.previousId}\t${context.population.pid[citizen]}\t${dateText(previous.cancelledDay)}\t${previous.reason}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'core.legacy_identifier',
    columns: ['id', 'kind', 'value', 'personal_id'],
    source: 'citizen',
    serial: 'id',
    generate: legacyRows,
  },
  {
    table: 'core.identity_conflict',
    columns: ['id', 'kind', 'value', 'personal_ids', 'detected_at', 'status'],
    source: 'citizen',
    serial: 'id',
    *generate(context, out) {
      let id = 0;
      for (const conflict of context.state.conflicts as readonly IdentityConflictRecord[]) {
        id += 1;
        const chunk = out.add(
          `${id}\t${conflict.kind}\t${conflict.value}\t${copyTextArray(conflict.personalIds)}\t${conflict.detectedAt}\tOPEN`,
        );
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
];
