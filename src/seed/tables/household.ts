/**
 * Residence registration (Law on Residence 2020): households and their members' registrations.
 *
 * Every living citizen has exactly one current PERMANENT registration, in their household; the
 * head's carries relationship HEAD (so every household has exactly one current head). History and
 * other kinds are added on top: closed registrations of the dead ("Chết"), earlier permanent
 * registrations of people who married or moved in, current and finished TEMPORARY registrations
 * elsewhere in the province, and TEMPORARY_ABSENCE declarations of people working away.
 */
import type { SeedContext, TableLoad } from '../context.ts';
import { NULL, dateText, timestampText } from '../format.ts';
import { ALIVE, RELATIONSHIPS, ageOn } from '../population.ts';
import { Rng, Stream } from '../random.ts';
import { UNITS, type AdministrativeUnit } from '../reference/administrative-units.ts';
import { HAMLETS, STREETS } from '../reference/places.ts';

const HEAD = RELATIONSHIPS.indexOf('HEAD');
const MOVED_IN = new Set(['SPOUSE', 'DAUGHTER_OR_SON_IN_LAW', 'PARENT'].map((r) => RELATIONSHIPS.indexOf(r as never)));

/** Reasons for closing a registration (Law on Residence 2020, art. 24 and 29). */
const DEATH_REASON = 'Chết';
const MOVED_REASON = 'Đã đăng ký thường trú tại chỗ ở hợp pháp mới';
const TEMPORARY_END_REASONS = [
  'Hết thời hạn tạm trú',
  'Chấm dứt tạm trú theo đề nghị của công dân',
  'Đã đăng ký thường trú tại nơi tạm trú',
];

export function householdAddress(rng: Rng, unit: AdministrativeUnit): string {
  let detail: string;
  if (unit.level === 'WARD') {
    const street = rng.pick(STREETS);
    detail = rng.chance(0.3)
      ? `Số ${rng.int(1, 60)}, ngõ ${rng.int(1, 400)}, đường ${street}, tổ dân phố ${rng.int(1, 30)}`
      : `Số ${rng.int(1, 320)}, đường ${street}, tổ dân phố ${rng.int(1, 30)}`;
  } else {
    detail = rng.chance(0.5) ? `Xóm ${rng.int(1, 15)}, thôn ${rng.pick(HAMLETS)}` : `Thôn ${rng.pick(HAMLETS)}`;
  }
  return `${detail}, ${unit.level === 'WARD' ? 'phường' : 'xã'} ${unit.shortName}, tỉnh Ninh Bình`;
}

export const householdTables: readonly TableLoad[] = [
  {
    table: 'household.household',
    columns: ['id', 'residence_file_no', 'address', 'commune_code', 'head_personal_id', 'created_at'],
    source: 'household',
    serial: 'id',
    *generate(context: SeedContext, out) {
      const { population, seed } = context;
      const { households } = population;
      const rng = new Rng();
      for (let h = 0; h < households.count; h += 1) {
        rng.reseed(seed, Stream.household + 1000, h);
        const unit = UNITS[households.unit[h]!]!;
        const line = `${h + 1}\t${unit.code}${String(h + 1).padStart(8, '0')}\t${householdAddress(rng, unit)}\t${unit.code}\t${population.pid[households.start[h]!]}\t${timestampText(households.createdDay[h]!, rng.int(7 * 3600, 17 * 3600))}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'household.residence_registration',
    columns: [
      'id',
      'household_id',
      'personal_id',
      'type',
      'relationship_to_head',
      'start_date',
      'end_date',
      'expected_end_date',
      'deregistration_reason',
    ],
    source: 'household',
    serial: 'id',
    *generate(context: SeedContext, out) {
      const { population, seed, asOf } = context;
      const { households, pid } = population;
      const rng = new Rng();
      let id = 0;
      const rows: string[] = [];
      for (let i = 0; i < population.size; i += 1) {
        rng.reseed(seed, Stream.registration, i);
        const h = population.household[i]!;
        const relationship = population.relationship[i]!;
        const arrival = population.arrivalDay[i]!;
        const birth = population.birthDay[i]!;
        const death = population.deathDay[i]!;
        const alive = death === ALIVE;
        const rel = RELATIONSHIPS[relationship];

        // An earlier permanent registration, closed when the citizen moved into this household.
        const movedIn = MOVED_IN.has(relationship) || (relationship === HEAD && arrival - birth > 18 * 365);
        if (movedIn && households.count > 1 && arrival - birth > 365 && rng.chance(0.5)) {
          const other = otherHousehold(rng, h, households.count);
          const start = Math.min(arrival - 1, birth + rng.int(5, 60));
          rows.push(
            `${++id}\t${other + 1}\t${pid[i]}\tPERMANENT\tCHILD\t${dateText(start)}\t${dateText(arrival - 1)}\t${NULL}\t${MOVED_REASON}`,
          );
        }
        // The permanent registration in the household: current, or closed at death.
        rows.push(
          alive
            ? `${++id}\t${h + 1}\t${pid[i]}\tPERMANENT\t${rel}\t${dateText(arrival)}\t${NULL}\t${NULL}\t${NULL}`
            : `${++id}\t${h + 1}\t${pid[i]}\tPERMANENT\t${rel}\t${dateText(arrival)}\t${dateText(death)}\t${NULL}\t${DEATH_REASON}`,
        );
        const age = alive ? ageOn(population, i, asOf) : -1;
        // Students and workers renting elsewhere in the province: a current temporary registration.
        if (households.count > 1 && age >= 18 && age <= 40 && rng.chance(0.04)) {
          const other = otherHousehold(rng, h, households.count);
          const start = asOf - rng.int(10, 700);
          const expected = Math.max(start + rng.int(180, 730), asOf + rng.int(15, 365));
          rows.push(
            `${++id}\t${other + 1}\t${pid[i]}\tTEMPORARY\tNON_RELATIVE\t${dateText(start)}\t${NULL}\t${dateText(expected)}\t${NULL}`,
          );
        }
        // A temporary registration that has ended.
        if (households.count > 1 && age >= 20 && age <= 60 && rng.chance(0.03)) {
          const other = otherHousehold(rng, h, households.count);
          const start = asOf - rng.int(400, 3000);
          const end = Math.min(asOf - 1, start + rng.int(90, 700));
          const expected = start + rng.int(180, 730);
          rows.push(
            `${++id}\t${other + 1}\t${pid[i]}\tTEMPORARY\tNON_RELATIVE\t${dateText(start)}\t${dateText(end)}\t${dateText(expected)}\t${rng.pick(TEMPORARY_END_REASONS)}`,
          );
        }
        // Working away (abroad or in another province): declared temporarily absent. Heads keep
        // their headship and are not declared absent here.
        if (relationship !== HEAD && age >= 18 && age <= 55 && rng.chance(0.025)) {
          const start = Math.max(arrival, asOf - rng.int(30, 900));
          const expected = Math.max(start + rng.int(365, 1095), asOf + rng.int(30, 400));
          rows.push(
            `${++id}\t${h + 1}\t${pid[i]}\tTEMPORARY_ABSENCE\t${rel}\t${dateText(start)}\t${NULL}\t${dateText(expected)}\t${NULL}`,
          );
        }
        for (const row of rows) {
          const chunk = out.add(row);
          if (chunk !== undefined) yield chunk;
        }
        rows.length = 0;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
];

/** A household other than `h` (there are at least two). */
function otherHousehold(rng: Rng, h: number, count: number): number {
  const other = rng.int(0, count - 2);
  return other >= h ? other + 1 : other;
}
