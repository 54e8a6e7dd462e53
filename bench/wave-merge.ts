/**
 * Would sending each DataLoader wave as ONE statement make the gateway faster? An experiment, not part of
 * `npm run bench` (BENCHMARKS.md, "What would close the remaining gap"). It replays the loader statements of one
 * gateway request, captured by `bench/sql-trace.ts --dump`, under concurrent load, two ways:
 *
 *  - separate: each wave's statements sent together on the pool, one round trip each (what the gateway does);
 *  - merged: each wave as one statement, every part aggregated to JSON text
 *    (`SELECT (SELECT coalesce(json_agg(s), '[]') FROM (<part>) s)::text, ...`), parsed with JSON.parse.
 *
 * Both named (prepared), both on a pool of 10. Reported: requests/s, this process's CPU per request and the whole
 * machine's busy CPU per request (/proc/stat, PostgreSQL included). The audit append is left out (it is a write).
 *
 *   npx tsx bench/sql-trace.ts --db 100k --query Q3 --dump /tmp/q3.json
 *   npx tsx bench/wave-merge.ts /tmp/q3.json [--db 100k] [--seconds 6] [--concurrency 16] [--rounds 2]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { commandLineArguments } from '../src/config.ts';

interface Statement {
  start: number;
  sql: string;
  params: unknown[];
}

const { values, positionals } = parseArgs({
  args: commandLineArguments(),
  allowPositionals: true,
  options: {
    db: { type: 'string', default: '100k' },
    server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
    seconds: { type: 'string', default: '6' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
  },
});
const dumpFile = positionals[0];
if (dumpFile === undefined) throw new Error('usage: npx tsx bench/wave-merge.ts <dump.json> (from sql-trace --dump)');

// The dump lists statements as they finished; waves are found in the order they were sent.
const statements = (JSON.parse(readFileSync(dumpFile, 'utf8')) as Statement[])
  .filter((statement) => !/^\s*(WITH expected|INSERT|UPDATE)/i.test(statement.sql))
  .sort((a, b) => a.start - b.start);
// A wave: the statements sent before any of them could have answered (DataLoader dispatches a wave in one tick).
const waves: Statement[][] = [];
let waveStart = Number.NEGATIVE_INFINITY;
for (const statement of statements) {
  if (statement.start - waveStart > 0.5) {
    waves.push([]);
    waveStart = statement.start;
  }
  waves[waves.length - 1]?.push(statement);
}

function mergeWave(wave: readonly Statement[]): { sql: string; params: unknown[] } {
  let offset = 0;
  const params: unknown[] = [];
  const columns = wave.map((statement, i) => {
    const text = statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    params.push(...statement.params);
    offset += statement.params.length;
    return `(SELECT coalesce(json_agg(s), '[]') FROM (${text}) s)::text AS part${i}`;
  });
  return { sql: `SELECT ${columns.join(', ')}`, params };
}
const merged = waves.map(mergeWave);

const pool = new pg.Pool({ connectionString: `${values.server}/lienthong_bench_${values.db}`, max: 10 });
const names = new Map<string, string>();
const prepared = (sql: string, params: unknown[]) => {
  let name = names.get(sql);
  if (name === undefined) names.set(sql, (name = `wave_merge_${names.size}`));
  return pool.query({ name, text: sql, values: params });
};

const machineBusyJiffies = (): number => {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user + nice + system + irq + softirq
  return (fields[0] ?? 0) + (fields[1] ?? 0) + (fields[2] ?? 0) + (fields[5] ?? 0) + (fields[6] ?? 0);
};

async function measure(name: string, request: () => Promise<void>): Promise<void> {
  const concurrency = Number(values.concurrency);
  const loop = async (until: number, count: () => void) => {
    while (Date.now() < until) {
      await request();
      count();
    }
  };
  const warmEnd = Date.now() + 1500;
  await Promise.all(Array.from({ length: concurrency }, () => loop(warmEnd, () => {})));
  let served = 0;
  const cpu = process.cpuUsage();
  const busy = machineBusyJiffies();
  const started = Date.now();
  const end = started + Number(values.seconds) * 1000;
  await Promise.all(Array.from({ length: concurrency }, () => loop(end, () => (served += 1))));
  const used = process.cpuUsage(cpu);
  const seconds = (Date.now() - started) / 1000;
  const machineMs = ((machineBusyJiffies() - busy) * 1000) / 100; // USER_HZ = 100 on Linux
  console.log(
    `${name.padEnd(9)} ${(served / seconds).toFixed(0).padStart(6)} req/s   this process ${((used.user + used.system) / 1000 / served).toFixed(3)} ms/req   machine ${(machineMs / served).toFixed(3)} ms/req`,
  );
}

console.log(
  `${statements.length} statements in ${waves.length} waves (${waves.map((wave) => wave.length).join(' + ')}), ${values.concurrency} requests in flight`,
);
for (let round = 0; round < Number(values.rounds); round += 1) {
  await measure('separate', async () => {
    for (const wave of waves) await Promise.all(wave.map((statement) => prepared(statement.sql, statement.params)));
  });
  await measure('merged', async () => {
    for (const wave of merged) {
      const { rows } = await prepared(wave.sql, wave.params);
      for (const part of Object.values(rows[0] as Record<string, string>)) JSON.parse(part);
    }
  });
}
await pool.end();
