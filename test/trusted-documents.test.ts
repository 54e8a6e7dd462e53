/**
 * Trusted documents (TRUSTED_DOCUMENTS_FILE): only the documents of a manifest built by `npm run trusted-documents`
 * run, sent as text or as an Apollo persisted-query hash; nothing can be registered by a request.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex, TrustedDocuments, TrustedDocumentsError } from '../src/limits/trusted-documents.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { executedOperations } from './support/execution-statements.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'src', 'cli', 'trusted-documents.ts');

const INFO = 'query Info {\n  gatewayInfo {\n    name\n    version\n  }\n}\n';
const CITIZEN =
  'query Citizen($id: PersonalId!) {\n  citizen(personalId: $id) {\n    ...Identity\n  }\n}\n\nfragment Identity on Citizen {\n  personalId\n  fullName\n}\n';

const { plugin: executionRecorder, names: executed } = executedOperations();

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-trusted-'));
  fs.mkdirSync(path.join(work, 'ops', 'citizen'), { recursive: true });
  fs.writeFileSync(path.join(work, 'ops', 'info.graphql'), INFO);
  fs.writeFileSync(path.join(work, 'ops', 'citizen', 'by-id.gql'), CITIZEN);
  fs.writeFileSync(path.join(work, 'ops', 'README.md'), 'not a document');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(TSX, [CLI, ...args], { cwd: ROOT });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

describe('npm run trusted-documents -- <dir> <out.json>', () => {
  it('writes one entry per .graphql/.gql file: the SHA-256 of its exact text → the text', async () => {
    const out = path.join(work, 'manifest.json');
    const result = await cli(path.join(work, 'ops'), out);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toContain('wrote 2 document(s)');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({
      [sha256Hex(CITIZEN)]: CITIZEN,
      [sha256Hex(INFO)]: INFO,
    });
  });

  it('lists every invalid document at once and writes nothing', async () => {
    const bad = path.join(work, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'a-syntax.graphql'), 'query {');
    fs.writeFileSync(path.join(bad, 'b-unknown.graphql'), '{ gatewayInfo { colour } }');
    fs.writeFileSync(path.join(bad, 'c-fragment.graphql'), 'fragment F on GatewayInfo { name }');
    fs.writeFileSync(path.join(bad, 'd-good.graphql'), INFO);
    const out = path.join(work, 'bad.json');
    const result = await cli(bad, out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problem(s)');
    expect(result.stderr).toMatch(/a-syntax\.graphql: Syntax Error/);
    expect(result.stderr).toContain('b-unknown.graphql: Cannot query field "colour" on type "GatewayInfo"');
    expect(result.stderr).toContain('c-fragment.graphql: the document has no operation');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli(path.join(work, 'missing'), path.join(work, 'x.json'))).code).toBe(2);
  });
});

describe('the manifest', () => {
  const schema = buildExecutableSchema();

  it('is refused with every problem listed', () => {
    let error: unknown;
    try {
      TrustedDocuments.fromManifest(
        {
          'not-a-hash': INFO,
          [sha256Hex('{ other }')]: INFO,
          [sha256Hex('{ gatewayInfo { colour } }')]: '{ gatewayInfo { colour } }',
          [sha256Hex('42')]: 42,
        },
        'manifest.json',
        schema,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrustedDocumentsError);
    const problems = (error as TrustedDocumentsError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('"not-a-hash" is not a lower-case SHA-256 hex digest');
    expect(problems[1]).toContain(`is not the SHA-256 of its document (${sha256Hex(INFO)})`);
    expect(problems[2]).toContain('Cannot query field "colour"');
    expect(problems[3]).toContain('the document must be a string');
  });

  it('may also be an Apollo persisted-query manifest', () => {
    const trusted = TrustedDocuments.fromManifest(
      {
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256Hex(INFO), body: INFO, name: 'Info', type: 'query' }],
      },
      'apollo.json',
      schema,
    );
    expect(trusted.size).toBe(1);
    expect(trusted.has(INFO)).toBe(true);
  });
});

interface Answer {
  status: number;
  code: unknown;
  data: unknown;
}

async function send(gateway: TestGateway, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  return { status: response.status, code: json.errors?.[0]?.extensions?.code, data: json.data };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const INFO_DATA = { gatewayInfo: { name: 'lienthong', version: expect.any(String) } };

describe('a gateway in trusted-documents mode', () => {
  let gateway: TestGateway;
  let token: string;
  let id: string;
  beforeAll(async () => {
    const manifest = path.join(work, 'gateway-manifest.json');
    expect((await cli(path.join(work, 'ops'), manifest)).code).toBe(0);
    gateway = await startTestGateway({
      citizens: 3,
      plugins: [executionRecorder],
      env: { TRUSTED_DOCUMENTS_FILE: manifest },
    });
    token = await gateway.token('hospital');
    [id = ''] = await gateway.personalIds(1);
  });
  afterAll(async () => gateway?.close());
  beforeEach(() => {
    executed.length = 0;
  });

  it('runs a trusted document sent as text', async () => {
    expect(await send(gateway, { query: INFO })).toMatchObject({ status: 200, data: INFO_DATA });
  });

  it('runs a trusted document sent as its hash only, with variables and fragments', async () => {
    const answer = await send(
      gateway,
      { extensions: persisted(sha256Hex(CITIZEN)), variables: { id }, operationName: 'Citizen' },
      { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' },
    );
    expect(answer).toMatchObject({ status: 200, data: { citizen: { personalId: id, fullName: expect.any(String) } } });
    expect(executed).toEqual(['Citizen']);
  });

  it('runs a trusted document sent as text with its matching hash', async () => {
    expect(await send(gateway, { query: INFO, extensions: persisted(sha256Hex(INFO)) })).toMatchObject({
      status: 200,
      data: INFO_DATA,
    });
  });

  it('runs a hash sent with GET', async () => {
    const search = new URLSearchParams({ extensions: JSON.stringify(persisted(sha256Hex(INFO))) });
    const response = await fetch(`${gateway.url}/graphql?${search.toString()}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: INFO_DATA });
  });

  it('refuses any other document with 400 PERSISTED_QUERY_NOT_ALLOWED, before executing anything', async () => {
    expect(await send(gateway, { query: '{ gatewayInfo { name } }' })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_ALLOWED',
    });
    // The exact text is trusted, not an equivalent one.
    expect(await send(gateway, { query: INFO.trim() })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_ALLOWED',
    });
    expect(await send(gateway, { extensions: persisted(sha256Hex('{ gatewayInfo { name } }')) })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_ALLOWED',
    });
    expect(executed).toEqual([]);
  });

  it('lets no request register a document (automatic persisted queries are off)', async () => {
    const query = '{ gatewayInfo { version } }';
    const registration = await send(gateway, { query, extensions: persisted(sha256Hex(query)) });
    expect(registration).toMatchObject({ status: 400, code: 'PERSISTED_QUERY_NOT_ALLOWED' });
    const replay = await send(gateway, { extensions: persisted(sha256Hex(query)) });
    expect(replay).toMatchObject({ status: 400, code: 'PERSISTED_QUERY_NOT_ALLOWED' });
    expect(executed).toEqual([]);
  });

  it('refuses a hash that is not the hash of the text sent, and an unknown persisted-query version', async () => {
    expect(await send(gateway, { query: INFO, extensions: persisted(sha256Hex(CITIZEN)) })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_HASH_MISMATCH',
    });
    expect(
      await send(gateway, { extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(INFO) } } }),
    ).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('refuses a batch of trusted documents (HTTP batching is off)', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: INFO }, { extensions: persisted(sha256Hex(INFO)) }]),
    });
    expect(response.status).toBe(400);
    expect(executed).toEqual([]);
  });
});

describe('a gateway without TRUSTED_DOCUMENTS_FILE', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => gateway?.close());

  it('runs any document, and keeps Apollo’s automatic persisted queries (a hash is registered with its text)', async () => {
    const query = '{ gatewayInfo { version } }';
    expect(await send(gateway, { extensions: persisted(sha256Hex(query)) })).toMatchObject({
      status: 200,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    expect(await send(gateway, { query, extensions: persisted(sha256Hex(query)) })).toMatchObject({ status: 200 });
    expect(await send(gateway, { extensions: persisted(sha256Hex(query)) })).toMatchObject({
      status: 200,
      data: { gatewayInfo: { version: expect.any(String) } },
    });
  });
});
