/**
 * README.md's Quick start, run as written: every ```graphql block must carry the HTML comment that says which token
 * and purpose it runs with (`<!-- example: token=<profile> [pid=<id>] purpose=<PURPOSE> [variables=<json>] -->`), and
 * answer with data and no errors on the demo data (seed 1, as `npm start` seeds it); the shell example (`<!-- example:
 * shell -->`) runs through bash and the real `npm run -s token`, and so does each FHIR example (`<!-- example: fhir
 * -->`), which must answer a FHIR resource, never an OperationOutcome. The banner and token commands are run as real
 * processes: `npm start`'s banner names the showcase citizens and prints commands that work, and a token of another
 * DATA_DIR is explained, by the gateway's 401 and by the token command.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalChildEnvironment } from '../src/config.ts';
import { DEFAULT_EXPLORER_QUERY, explorerVariablesFor } from '../src/http/explorer.ts';
import { DEMO_SEED, showcaseOf } from '../src/seed/demo.ts';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';
import { ROOT, runToEnd, runTypeScript, TSX } from './support/process.ts';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  body: string;
  /** The text of the `<!-- example: ... -->` comment right above the block (blank lines between allowed). */
  annotation: string | undefined;
}

/** The fenced blocks of a Markdown text, each with the example comment above it, if any. */
export function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (open === null) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end += 1;
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === '') above -= 1;
    const comment = above >= 0 ? /^<!-- example: (.*) -->$/.exec(lines[above]!.trim()) : null;
    blocks.push({
      line: i + 1,
      language: open[1] ?? '',
      body: lines.slice(i + 1, end).join('\n'),
      annotation: comment?.[1],
    });
    i = end;
  }
  return blocks;
}

interface GraphqlExample {
  line: number;
  query: string;
  profile: string;
  pid: string | undefined;
  purpose: string;
  variables: Record<string, unknown> | undefined;
}

const ANNOTATION = /^token=([a-z-]+)(?: pid=(\d{12}))? purpose=([A-Z_]+)(?: variables=(\{.*\}))?$/;

function graphqlExamples(blocks: readonly Block[]): GraphqlExample[] {
  return blocks
    .filter((block) => block.language === 'graphql')
    .map((block) => {
      const match = ANNOTATION.exec(block.annotation ?? '');
      if (match === null) throw new Error(`README.md line ${block.line}: bad example comment "${block.annotation}"`);
      return {
        line: block.line,
        query: block.body,
        profile: match[1]!,
        pid: match[2],
        purpose: match[3]!,
        variables: match[4] === undefined ? undefined : (JSON.parse(match[4]) as Record<string, unknown>),
      };
    });
}

/** Paths of every empty connection (`edges: []`) and null value in `value`: an example must show something. */
function emptyPlaces(value: Json, at = 'data'): string[] {
  if (value === null) return [at];
  if (Array.isArray(value)) {
    if (at.endsWith('.edges') && value.length === 0) return [at];
    return value.flatMap((item: Json, index: number) => emptyPlaces(item, `${at}[${index}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, Json>).flatMap(([key, item]) => emptyPlaces(item, `${at}.${key}`));
  }
  return [];
}

const SHOWCASE = showcaseOf({ seed: DEMO_SEED });

describe('README.md examples', () => {
  const blocks = fencedBlocks(README);

  it('annotates every GraphQL example with its token and purpose (an unannotated one fails here)', () => {
    const unannotated = blocks
      .filter((block) => block.language === 'graphql' && block.annotation === undefined)
      .map((block) => `README.md line ${block.line}`);
    expect(unannotated).toEqual([]);
    expect(graphqlExamples(blocks).length).toBeGreaterThanOrEqual(4);
    // The checker itself: a block without a comment is found.
    const probe = fencedBlocks('text\n\n```graphql\n{ me { fullName } }\n```\n');
    expect(probe).toMatchObject([{ language: 'graphql', annotation: undefined }]);
  });

  it('uses the showcase citizens of the demo data, and names them as the banner does', () => {
    expect(SHOWCASE.length).toBe(2);
    const ids = new Set(SHOWCASE.map((c) => c.personalId));
    for (const example of graphqlExamples(blocks)) {
      for (const id of [example.pid, ...Object.values(example.variables ?? {})]) {
        if (id !== undefined) expect(ids, `README.md line ${example.line}`).toContain(id);
      }
    }
    for (const citizen of SHOWCASE) expect(README).toContain(`${citizen.personalId} (${citizen.fullName})`);
    // Every personal ID the Quick start mentions is one of them (no ID that answers `citizen: null`).
    const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## PostgreSQL'));
    expect(new Set(quickStart.match(/\b\d{12}\b/g))).toEqual(ids);
  });

  it('never captures `npm run` output without -s', () => {
    const captured = README.split('\n').filter((line) => /\$\(npm run (?!-s )/.test(line));
    expect(captured).toEqual([]);
    const tokenCommands = README.split('\n').filter(
      (line) => /npm run token\b/.test(line) && !/`npm run token`/.test(line),
    );
    expect(tokenCommands).toEqual([]);
  });
});

describe('README.md examples on the demo data', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    // The showcase citizens are the same for every data set of 40+ citizens with the demo seed.
    gateway = await startTestGateway({ citizens: 200, seed: DEMO_SEED });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  it('answers every GraphQL example with data and no errors', async () => {
    for (const example of graphqlExamples(fencedBlocks(README))) {
      const where = `README.md line ${example.line} (${example.profile}, ${example.purpose})`;
      const token = await gateway.token(example.profile, example.pid === undefined ? {} : { pid: example.pid });
      const response = await gateway.graphql(example.query, example.variables, { token, purpose: example.purpose });
      expect(response.body.errors, where).toBeUndefined();
      expect(response.status, where).toBe(200);
      const data = (response.body.data ?? {}) as Record<string, Json>;
      expect(Object.keys(data).length, where).toBeGreaterThan(0);
      expect(
        emptyPlaces(data).filter((place) => !isOptionalLeaf(place)),
        where,
      ).toEqual([]);
    }
  });

  it("answers the explorer's first tab for a showcase citizen with a hospital token", async () => {
    const token = await gateway.token('hospital');
    const variables = JSON.parse(explorerVariablesFor(SHOWCASE[0]!.personalId)) as Record<string, unknown>;
    const response = await gateway.graphql(DEFAULT_EXPLORER_QUERY, variables, { token, purpose: 'TREATMENT' });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toMatchObject({ citizen: { fullName: SHOWCASE[0]!.fullName } });
    expect(emptyPlaces(response.body.data)).toEqual([]);
  });

  it('runs the shell example as written (bash, npm run -s token, curl) with this gateway', async () => {
    const shell = fencedBlocks(README).filter((block) => block.annotation === 'shell');
    expect(shell.length).toBe(1);
    const url = new URL(gateway.url);
    const script = shell[0]!.body.replaceAll('http://127.0.0.1:4000', gateway.url);
    const result = await runToEnd('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: childEnvironment({ DATA_DIR: gateway.config.dataDir, PORT: url.port }),
    });
    expect(result.stderr).not.toContain('warning');
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { data?: Json; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.me.fullName).toBe(SHOWCASE[0]!.fullName);
    expect(body.data.me.household.address).toEqual(expect.any(String));
  }, 60_000);

  it('runs every FHIR example as written (bash, npm run -s token, curl): a resource, never an OperationOutcome', async () => {
    const examples = fencedBlocks(README).filter((block) => block.annotation === 'fhir');
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const port = new URL(gateway.url).port;
    for (const example of examples) {
      const where = `README.md line ${example.line}`;
      const script = example.body.replaceAll('http://127.0.0.1:4000', gateway.url);
      const result = await runToEnd('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: ROOT,
        env: childEnvironment({ DATA_DIR: gateway.config.dataDir, PORT: port }),
      });
      expect(result.code, `${where}: ${result.stderr}`).toBe(0);
      const body = JSON.parse(result.stdout) as { resourceType?: string; entry?: unknown[] };
      expect(body.resourceType, `${where}: ${result.stdout.slice(0, 300)}`).not.toBe('OperationOutcome');
      if (body.resourceType === 'Bundle') expect(body.entry?.length, where).toBeGreaterThan(0);
    }
  }, 120_000);

  it('runs the FHIR transaction example twice: written once, then 200 OK for every entry', async () => {
    const [example] = fencedBlocks(README).filter(
      (block) => block.annotation === 'fhir' && block.body.includes('"type": "transaction"'),
    );
    expect(example).toBeDefined();
    const script = example!.body.replaceAll('http://127.0.0.1:4000', gateway.url);
    const env = childEnvironment({ DATA_DIR: gateway.config.dataDir, PORT: new URL(gateway.url).port });
    const answers: Json[] = [];
    for (let run = 0; run < 2; run += 1) {
      const result = await runToEnd('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env });
      expect(result.code, result.stderr).toBe(0);
      answers.push(JSON.parse(result.stdout));
    }
    const [first, second] = answers as [Json, Json];
    expect(first.type, JSON.stringify(first)).toBe('transaction-response');
    expect(first.entry).toHaveLength(3);
    expect(second.entry.map((entry: Json) => entry.response.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(second.entry[0].response.location).toBe(first.entry[0].response.location);
    const [row] = await gateway.db.query<{ payments: number }>(
      `SELECT count(p.id)::int AS payments FROM health.encounter e LEFT JOIN health.payment p ON p.encounter_id = e.id
       WHERE e.encounter_key = '37001-README-0001' AND e.personal_id = $1 GROUP BY e.id`,
      [SHOWCASE[0]!.personalId],
    );
    expect(row).toEqual({ payments: 1 });
  }, 60_000);

  it('explains a token of another DATA_DIR: the token command warns, the 401 names the command that works', async () => {
    const port = new URL(gateway.url).port;
    const otherDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-other-keys-'));
    try {
      const wrong = await runTypeScript(['src/cli/token.ts', 'hospital'], { DATA_DIR: otherDataDir, PORT: port });
      expect(wrong.code).toBe(0);
      expect(wrong.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/); // only the token, whatever the warning
      expect(wrong.stderr).toContain(`warning: the gateway on http://127.0.0.1:${port} uses another development key`);

      const refused = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${wrong.stdout.trim()}` },
        body: JSON.stringify({ query: '{ gatewayInfo { name } }' }),
      });
      expect(refused.status).toBe(401);
      const message = ((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message;
      expect(message).toContain(path.join(gateway.config.dataDir, 'keys'));
      // The command the message gives, run as written (through npm), prints a token this gateway accepts.
      const command = /get a token with (.*) <profile>$/.exec(message)?.[1];
      expect(command).toBe(`DATA_DIR=${gateway.config.dataDir} npm run -s token --`);
      const right = await runToEnd('bash', ['-c', `${command} hospital`], {
        cwd: ROOT,
        env: childEnvironment({ PORT: port }),
      });
      expect(right.stderr).not.toContain('warning');
      expect(right.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const accepted = await gateway.graphql('{ gatewayInfo { name } }', undefined, { token: right.stdout.trim() });
      expect(accepted.body).toEqual({ data: { gatewayInfo: { name: 'lienthong' } } });
    } finally {
      fs.rmSync(otherDataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('npm start for a newcomer', () => {
  it('prints the showcase citizens and token commands (with its DATA_DIR) that work against it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-newcomer-'));
    // The embedded database, whatever the test run's database: this is what `npm start` does on a fresh clone.
    const child = spawn(TSX, ['src/main.ts'], {
      cwd: ROOT,
      env: childEnvironment({ DATA_DIR: dataDir, PORT: '0', DEMO_CITIZENS: '60' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      let banner: RegExpExecArray | null = null;
      for (let waited = 0; banner === null; waited += 100) {
        banner = /listening on (http:\/\/[^\s]+)\/graphql[\s\S]*paste into the explorer/.exec(output);
        if (child.exitCode !== null || waited > 110_000) throw new Error(`no banner:\n${output}`);
        if (banner === null) await sleep(100);
      }
      const url = banner[1]!;
      for (const citizen of SHOWCASE) expect(output).toContain(`${citizen.personalId} (${citizen.fullName})`);
      const citizenCommand = `DATA_DIR=${dataDir} npm run -s token -- citizen --pid ${SHOWCASE[0]!.personalId}`;
      expect(output).toContain(citizenCommand);
      expect(output).toContain(`DATA_DIR=${dataDir} npm run -s token -- hospital`);

      // The banner's command, run as printed, through npm: its token reads the citizen's own records.
      const result = await runToEnd('bash', ['-c', `TOKEN=$(${citizenCommand}) && printf %s "$TOKEN"`], {
        cwd: ROOT,
        env: childEnvironment({ PORT: new URL(url).port }),
      });
      expect(result.stderr).not.toContain('warning');
      const answer = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${result.stdout}`,
          'x-purpose': 'CITIZEN_SELF_SERVICE',
        },
        body: JSON.stringify({ query: '{ me { fullName } }' }),
      });
      expect(await answer.json()).toEqual({ data: { me: { fullName: SHOWCASE[0]!.fullName } } });

      // The explorer's first tab looks up that citizen.
      const page = await (await fetch(`${url}/`, { headers: { accept: 'text/html' } })).text();
      expect(page).toContain(SHOWCASE[0]!.personalId);
    } finally {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

/** Fields an example may show as null without showing nothing (none so far). */
function isOptionalLeaf(place: string): boolean {
  return /\.(allergies|actualCheckOutAt|organisation|sharePercent|personalId)$/.test(place);
}

/** What a newcomer's shell has: PATH (node, npm), a HOME, development mode; silent gateway logs. */
function childEnvironment(env: Record<string, string>): Record<string, string> {
  return { ...minimalChildEnvironment(), HOME: os.tmpdir(), NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env };
}
