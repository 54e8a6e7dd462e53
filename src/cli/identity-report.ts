/**
 * `npm run identity:report [-- --detect] [--first N] [--format text|csv] [--show-values]`
 *
 * Identity conflicts of the population registry in DATABASE_URL (or the embedded database in DATA_DIR): counts per
 * type, kind and status, then the first N OPEN conflicts, oldest first (the order of the `identityConflicts` queue),
 * with the global ID that `resolveIdentityConflict` takes.
 *
 *   --detect       first record the conflicts not recorded yet (detectIdentityConflicts: values claimed by several
 *                  citizens, citizens with several tax codes / social-insurance numbers); idempotent
 *   --first N      how many open conflicts to list (default 20, 0..10000)
 *   --format csv   one CSV table (RFC 4180): `record` is `count` (type, kind, status, count) or `conflict`
 *   --show-values  also print the values and personal IDs. Personal data read here is NOT in the access log (this
 *                  tool reads the database directly): by default the report has none, and officials look at the
 *                  claims through the gateway (`identityConflicts { edges { node { claims ... } } }`), which audits
 *                  every citizen read.
 *
 * Exit codes: 0 done, 1 failed, 2 usage.
 */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { assertMigrationsCurrent } from '../db/migrate.ts';
import {
  conflictCounts,
  detectIdentityConflicts,
  openConflicts,
  type ConflictCount,
  type QueuedConflict,
} from '../sectors/identity/maintenance.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run identity:report -- [--detect] [--first <N>] [--format text|csv] [--show-values]
  --detect       record new conflicts first (idempotent)
  --first        open conflicts to list, oldest first (default 20, at most 10000)
  --format       text (default) or csv
  --show-values  include values and personal IDs (personal data; not audited)`;

const COMMAND = { name: 'identity:report', usage: USAGE };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

const config = loadConfig();
const parsed = parseCommandLine(COMMAND, {
  options: {
    detect: { type: 'boolean' },
    first: { type: 'string' },
    format: { type: 'string' },
    'show-values': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
const first = parsed.values.first === undefined ? 20 : Number(parsed.values.first);
if (!Number.isInteger(first) || first < 0 || first > 10_000) usageError('--first must be an integer 0..10000');
const format = parsed.values.format ?? 'text';
if (format !== 'text' && format !== 'csv') usageError('--format must be text or csv');
const withValues = parsed.values['show-values'] === true;

const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let exitCode = 0;
try {
  await assertMigrationsCurrent(db);
  const detected = parsed.values.detect === true ? await detectIdentityConflicts(db) : undefined;
  const counts = await conflictCounts(db);
  const queue = await openConflicts(db, first, { withValues });
  console.log(format === 'csv' ? csvReport(counts, queue) : textReport(counts, queue, detected, first));
} catch (error) {
  console.error(`identity:report: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exitCode = exitCode;

function textReport(
  counts: readonly ConflictCount[],
  queue: readonly QueuedConflict[],
  detected: Awaited<ReturnType<typeof detectIdentityConflicts>> | undefined,
  limit: number,
): string {
  const lines: string[] = [];
  if (detected !== undefined) {
    lines.push(
      `Detection: ${detected.sharedValue} new SHARED_VALUE and ${detected.multipleValues} new MULTIPLE_VALUES conflict(s) recorded`,
      '',
    );
  }
  const groups = new Map<string, { type: string; kind: string; open: number; resolved: number }>();
  for (const row of counts) {
    const key = `${row.type}\u0000${row.kind}`;
    const group = groups.get(key) ?? { type: row.type, kind: row.kind, open: 0, resolved: 0 };
    if (row.status === 'OPEN') group.open += row.count;
    else group.resolved += row.count;
    groups.set(key, group);
  }
  const rows = [...groups.values()];
  const total = rows.reduce((sum, g) => ({ open: sum.open + g.open, resolved: sum.resolved + g.resolved }), {
    open: 0,
    resolved: 0,
  });
  lines.push('Identity conflicts');
  lines.push(`  ${'type'.padEnd(16)} ${'kind'.padEnd(17)} ${'OPEN'.padStart(8)} ${'RESOLVED'.padStart(9)}`);
  for (const g of rows) {
    lines.push(
      `  ${g.type.padEnd(16)} ${g.kind.padEnd(17)} ${String(g.open).padStart(8)} ${String(g.resolved).padStart(9)}`,
    );
  }
  lines.push(`  ${'total'.padEnd(34)} ${String(total.open).padStart(8)} ${String(total.resolved).padStart(9)}`);
  lines.push('');
  if (limit === 0) return lines.join('\n');
  lines.push(
    queue.length === 0
      ? 'No open conflicts.'
      : `First ${queue.length} open conflict(s), oldest first (resolve with the resolveIdentityConflict mutation):`,
  );
  const idWidth = Math.max(0, ...queue.map((c) => c.id.length));
  for (const c of queue) {
    let line = `  ${c.id.padEnd(idWidth)}  ${c.type.padEnd(15)} ${c.kind.padEnd(16)} detected ${c.detectedAt}  ${c.claims} current claim(s)`;
    if (c.personalIds !== undefined) {
      line +=
        c.type === 'SHARED_VALUE'
          ? `  value ${c.value ?? ''} claimed by ${c.personalIds.join(', ')}`
          : `  citizen ${c.personalIds.join(', ')} values ${(c.claimedValues ?? []).join(', ')}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function csvReport(counts: readonly ConflictCount[], queue: readonly QueuedConflict[]): string {
  const header = ['record', 'type', 'kind', 'status', 'count', 'id', 'detected_at', 'claims'];
  if (withValues) header.push('value', 'personal_ids', 'claimed_values');
  const lines = [header.join(',')];
  for (const row of counts) {
    lines.push(
      csvLine([
        'count',
        row.type,
        row.kind,
        row.status,
        String(row.count),
        '',
        '',
        '',
        ...(withValues ? ['', '', ''] : []),
      ]),
    );
  }
  for (const c of queue) {
    const values = withValues
      ? [c.value ?? '', (c.personalIds ?? []).join(' '), (c.claimedValues ?? []).join(' ')]
      : [];
    lines.push(csvLine(['conflict', c.type, c.kind, 'OPEN', '', c.id, c.detectedAt, String(c.claims), ...values]));
  }
  return lines.join('\r\n');
}

function csvLine(fields: readonly string[]): string {
  return fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');
}
