/**
 * Trusted documents (TRUSTED_DOCUMENTS_FILE): only the documents of a manifest run, sent as text, as an Apollo
 * persisted-query hash or as a GraphQL-over-HTTP `documentId`; nothing can be registered by a request. The manifest
 * may come from `npm run trusted-documents`, Apollo's persisted query manifest tools or GraphQL Code Generator's
 * client preset (persisted-documents.json); every id is checked against its document at start-up.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha1Hex, sha256Hex, TrustedDocuments, TrustedDocumentsError } from '../src/limits/trusted-documents.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { executedOperations } from './support/execution-statements.ts';
import { runTypeScript } from './support/process.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'src', 'cli', 'trusted-documents.ts');

const INFO = 'query Info {\n  gatewayInfo {\n    name\n    version\n  }\n}\n';
const CITIZEN =
  'query Citizen($id: PersonalId!) {\n  citizen(personalId: $id) {\n    ...Identity\n  }\n}\n\nfragment Identity on Citizen {\n  personalId\n  fullName\n}\n';

const DISCHARGE =
  'mutation Discharge($input: DischargeEncounterInput!) {\n  dischargeEncounter(input: $input) {\n    personalId\n  }\n}\n';

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

describe('npm run trusted-documents -- [--format map|apollo] <dir> <out.json>', () => {
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

  it('writes Apollo’s persisted query manifest with --format apollo, which the gateway reads back', async () => {
    const out = path.join(work, 'apollo-manifest.json');
    const result = await cli('--format', 'apollo', path.join(work, 'ops'), out);
    expect(result).toMatchObject({ code: 0 });
    const written: unknown = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(written).toEqual({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: sha256Hex(CITIZEN), name: 'Citizen', type: 'query', body: CITIZEN },
        { id: sha256Hex(INFO), name: 'Info', type: 'query', body: INFO },
      ],
    });
    const trusted = TrustedDocuments.fromManifest(written, out, buildExecutableSchema());
    expect(trusted.has(CITIZEN) && trusted.has(INFO)).toBe(true);
    expect((await cli('--format', 'relay', path.join(work, 'ops'), out)).code).toBe(2);
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
    expect(problems[0]).toContain('not-a-hash: is not an id this gateway can check against its document');
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

  it('may be GraphQL Code Generator’s persisted-documents.json: SHA-1 ids (its default), SHA-256 or sha256:<hex>', () => {
    const trusted = TrustedDocuments.fromManifest(
      { [sha1Hex(INFO)]: INFO, [sha256Hex(CITIZEN)]: CITIZEN, [`sha256:${sha256Hex(DISCHARGE)}`]: DISCHARGE },
      'persisted-documents.json',
      schema,
    );
    expect(trusted.size).toBe(3);
    expect([INFO, CITIZEN, DISCHARGE].every((document) => trusted.has(document))).toBe(true);
  });

  function problemsOf(raw: unknown, file = 'manifest.json'): string[] {
    try {
      TrustedDocuments.fromManifest(raw, file, schema);
    } catch (error) {
      expect(error).toBeInstanceOf(TrustedDocumentsError);
      expect((error as Error).message).toContain(`Invalid trusted documents manifest ${file}`);
      return (error as TrustedDocumentsError).problems;
    }
    throw new Error('the manifest was accepted');
  }

  it('lists every entry whose id is not the hash of its document (a manifest that lies), in every format', () => {
    // Each id is the hash of another document, or of nothing the gateway can check.
    const apollo = problemsOf({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: sha256Hex(INFO), name: 'Info', type: 'query', body: INFO },
        { id: sha256Hex(INFO), name: 'Citizen', type: 'query', body: CITIZEN },
        { id: 'citizen-v2', name: 'Citizen', type: 'query', body: CITIZEN },
        { id: sha256Hex(DISCHARGE), name: 'Discharge', type: 'query', body: DISCHARGE },
        { id: sha256Hex(INFO), name: 'Other', type: 'query', body: INFO },
      ],
    });
    expect(apollo).toEqual([
      `operations[1] (${sha256Hex(INFO)}): is not the SHA-256 of its document (${sha256Hex(CITIZEN)})`,
      expect.stringContaining('operations[2] (citizen-v2): is not an id this gateway can check'),
      `operations[3] (${sha256Hex(DISCHARGE)}): Discharge is a mutation, the manifest says "query"`,
      `operations[4] (${sha256Hex(INFO)}): the document has no operation named Other`,
    ]);
    const codegen = problemsOf({
      [sha1Hex(INFO)]: INFO,
      [sha1Hex(INFO).replace(/^./, (c) => (c === '0' ? '1' : '0'))]: INFO,
      [sha256Hex(INFO)]: CITIZEN,
      [`sha256:${sha256Hex(INFO)}`]: DISCHARGE,
    });
    expect(codegen).toEqual([
      expect.stringMatching(/^[0-9a-f]{40}: is not the SHA-1 of its document \([0-9a-f]{40}\)$/),
      `${sha256Hex(INFO)}: is not the SHA-256 of its document (${sha256Hex(CITIZEN)})`,
      `sha256:${sha256Hex(INFO)}: is not the SHA-256 of its document (${sha256Hex(DISCHARGE)})`,
    ]);
  });

  it('refuses a file in no known format, naming the file and the formats accepted', () => {
    const cases: unknown[] = [
      [{ id: sha256Hex(INFO), body: INFO }],
      { format: 'relay-persisted-queries', queries: {} },
      { operations: [{ id: sha256Hex(INFO), body: INFO }] },
      'query Info { gatewayInfo { name } }',
    ];
    for (const raw of cases) {
      const [problem] = problemsOf(raw, '/etc/lienthong/documents.json');
      expect(problem).toMatch(/(not a manifest this gateway reads|unknown manifest format "relay-persisted-queries")/);
      expect(problem).toContain('the formats accepted are');
      expect(problem).toContain('apollo-persisted-query-manifest');
      expect(problem).toContain('persisted-documents.json');
    }
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

/** The manifests client tools write, and the id each tool's client sends for a document. */
const FORMATS: { name: string; manifest: (documents: string[]) => unknown; id: (document: string) => string }[] = [
  {
    name: 'Apollo persisted query manifest, GraphQL-over-HTTP sha256:<hex> ids',
    manifest: (documents) => ({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: documents.map((body) => {
        const [, type = '', name = ''] = /^(query|mutation) (\w+)/.exec(body) ?? [];
        return { id: sha256Hex(body), name, type, body };
      }),
    }),
    id: (document) => `sha256:${sha256Hex(document)}`,
  },
  {
    name: 'GraphQL Code Generator persisted-documents.json (default SHA-1 ids)',
    manifest: (documents) => Object.fromEntries(documents.map((document) => [sha1Hex(document), document])),
    id: sha1Hex,
  },
  {
    name: 'GraphQL Code Generator persisted-documents.json with hashAlgorithm sha256',
    manifest: (documents) => Object.fromEntries(documents.map((document) => [sha256Hex(document), document])),
    id: sha256Hex,
  },
  {
    name: 'a map with GraphQL-over-HTTP sha256:<hex> keys',
    manifest: (documents) =>
      Object.fromEntries(documents.map((document) => [`sha256:${sha256Hex(document)}`, document])),
    id: (document) => `sha256:${sha256Hex(document)}`,
  },
];

async function get(gateway: TestGateway, params: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql?${new URLSearchParams(params).toString()}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  const json = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  return { status: response.status, code: json.errors?.[0]?.extensions?.code, data: json.data };
}

describe.each(FORMATS)('a gateway whose manifest is $name', ({ manifest, id }) => {
  const UNLISTED = 'query Unlisted {\n  gatewayInfo {\n    developmentMode\n  }\n}\n';
  let gateway: TestGateway;
  let token: string;
  let personalId: string;
  beforeAll(async () => {
    const file = path.join(work, `manifest-${sha1Hex(id(INFO))}.json`);
    fs.writeFileSync(file, JSON.stringify(manifest([INFO, CITIZEN, DISCHARGE])));
    gateway = await startTestGateway({
      citizens: 1,
      plugins: [executionRecorder],
      env: { TRUSTED_DOCUMENTS_FILE: file },
    });
    token = await gateway.token('hospital');
    [personalId = ''] = await gateway.personalIds(1);
  });
  afterAll(async () => gateway?.close());
  beforeEach(() => {
    executed.length = 0;
  });

  it('runs a listed document sent as its documentId (POST), with variables and operationName', async () => {
    const answer = await send(
      gateway,
      { documentId: id(CITIZEN), variables: { id: personalId }, operationName: 'Citizen' },
      { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' },
    );
    expect(answer).toMatchObject({ status: 200, data: { citizen: { personalId, fullName: expect.any(String) } } });
    expect(executed).toEqual(['Citizen']);
  });

  it('runs a listed query sent as its documentId with GET', async () => {
    expect(await get(gateway, { documentId: id(INFO) })).toMatchObject({ status: 200, data: INFO_DATA });
  });

  it('refuses a listed mutation sent with GET: 405, nothing executed (GraphQL-over-HTTP)', async () => {
    const variables = JSON.stringify({ input: { encounterKey: 'E-1', dischargedAt: '2026-01-01T00:00:00Z' } });
    const response = await fetch(
      `${gateway.url}/graphql?${new URLSearchParams({ documentId: id(DISCHARGE), variables }).toString()}`,
      { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(executed).toEqual([]);
  });

  it('refuses an unlisted document, by documentId or as text, with PERSISTED_QUERY_NOT_ALLOWED', async () => {
    expect(await send(gateway, { documentId: id(UNLISTED) })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_ALLOWED',
    });
    expect(await get(gateway, { documentId: id(UNLISTED) })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_ALLOWED',
    });
    expect(await send(gateway, { query: UNLISTED })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_NOT_ALLOWED',
    });
    expect(executed).toEqual([]);
  });

  it('runs a query sent with its own documentId, and refuses one sent with another document’s id', async () => {
    expect(await send(gateway, { query: INFO, documentId: id(INFO) })).toMatchObject({ status: 200, data: INFO_DATA });
    expect(await send(gateway, { query: INFO, documentId: id(CITIZEN) })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_HASH_MISMATCH',
    });
    expect(await send(gateway, { query: UNLISTED, documentId: id(INFO) })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_HASH_MISMATCH',
    });
    expect(executed).toEqual(['Info']);
  });

  it('also answers Apollo’s persistedQuery hash for the same documents', async () => {
    expect(await send(gateway, { extensions: persisted(sha256Hex(INFO)) })).toMatchObject({
      status: 200,
      data: INFO_DATA,
    });
  });
});

describe('a manifest that lies stops the gateway at start-up', () => {
  it('npm start exits 1 naming the file and every entry whose id is not its document’s hash', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-trusted-start-'));
    const file = path.join(work, 'tampered.json');
    // A reviewed manifest whose documents were edited afterwards: the ids no longer match.
    const tampered = {
      [sha1Hex(INFO)]: INFO.replace('version', 'developmentMode'),
      [sha256Hex(CITIZEN)]: CITIZEN,
      [`sha256:${sha256Hex(DISCHARGE)}`]: DISCHARGE.replace('personalId', 'personalId\n    encounter { encounterKey }'),
    };
    fs.writeFileSync(file, JSON.stringify(tampered));
    try {
      const result = await runTypeScript(['src/main.ts'], {
        DATA_DIR: dataDir,
        PORT: '0',
        DEMO_CITIZENS: '1',
        TRUSTED_DOCUMENTS_FILE: file,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot start: Invalid trusted documents manifest ${file}`);
      expect(result.stderr).toContain(`${sha1Hex(INFO)}: is not the SHA-1 of its document`);
      expect(result.stderr).toContain(`sha256:${sha256Hex(DISCHARGE)}: is not the SHA-256 of its document`);
      expect(result.stderr).not.toContain(`${sha256Hex(CITIZEN)}:`);
      expect(result.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('documentId without TRUSTED_DOCUMENTS_FILE', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => gateway?.close());

  it('answers an unknown documentId with PERSISTED_QUERY_NOT_FOUND, by POST and GET', async () => {
    const unknown = `sha256:${sha256Hex('{ gatewayInfo { name developmentMode } }')}`;
    expect(await send(gateway, { documentId: unknown })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
    expect(await get(gateway, { documentId: unknown })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
    // An id that is not sha256:<hex> names nothing this gateway can know.
    expect(await send(gateway, { documentId: 'my-app:Info' })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
    expect(await send(gateway, { documentId: sha1Hex(INFO) })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });

  it('runs a document registered by automatic persisted queries when asked by its sha256:<hex> documentId', async () => {
    const query = '{ gatewayInfo { name } }';
    expect(await send(gateway, { query, documentId: `sha256:${sha256Hex(query)}` })).toMatchObject({
      status: 200,
      data: { gatewayInfo: { name: 'lienthong' } },
    });
    expect(await send(gateway, { documentId: `sha256:${sha256Hex(query)}` })).toMatchObject({
      status: 200,
      data: { gatewayInfo: { name: 'lienthong' } },
    });
    expect(await send(gateway, { query, documentId: `sha256:${sha256Hex(INFO)}` })).toMatchObject({
      status: 400,
      code: 'PERSISTED_QUERY_HASH_MISMATCH',
    });
  });
});
