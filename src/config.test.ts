/** Settings parsed from the environment (src/config.ts): defaults, and every bad value named in one error. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('OPERATION_CONCURRENCY and OPERATION_QUEUE_TIMEOUT_MS', () => {
  it('defaults to one operation per pooled connection and lists bad values with the other problems', () => {
    expect(parseConfig({ DATABASE_POOL_SIZE: '7' }).operationConcurrency).toBe(7);
    expect(parseConfig({}).operationQueueTimeoutMs).toBe(10_000);
    let error: unknown;
    try {
      parseConfig({ OPERATION_CONCURRENCY: '0', OPERATION_QUEUE_TIMEOUT_MS: 'soon', PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['OPERATION_CONCURRENCY', 'OPERATION_QUEUE_TIMEOUT_MS', 'PORT'])
      expect(problems).toContain(name);
  });
});

describe('SOURCE_STALE_AFTER_HOURS', () => {
  it('defaults to 24 hours and names the setting in the error of a bad value', () => {
    expect(parseConfig({}, '/tmp').sourceStaleAfterHours).toBe(24);
    expect(parseConfig({ SOURCE_STALE_AFTER_HOURS: '0.5' }, '/tmp').sourceStaleAfterHours).toBe(0.5);
    expect(parseConfig({ SOURCE_STALE_AFTER_HOURS: '168' }, '/tmp').sourceStaleAfterHours).toBe(168);
    for (const bad of ['0', '-1', 'abc', '1e3', '9000', '24h']) {
      expect(() => parseConfig({ SOURCE_STALE_AFTER_HOURS: bad }, '/tmp'), bad).toThrow(ConfigError);
      try {
        parseConfig({ SOURCE_STALE_AFTER_HOURS: bad }, '/tmp');
      } catch (error) {
        expect((error as ConfigError).problems.join('\n')).toContain('SOURCE_STALE_AFTER_HOURS');
      }
    }
  });
});

describe('CURSOR_KEY and CURSOR_PREVIOUS_KEYS', () => {
  const HEX = '0123456789abcdef'.repeat(4);
  const BASE64 = Buffer.alloc(32, 7).toString('base64');
  const problemsOf = (env: Record<string, string>): string => {
    try {
      parseConfig(env, '/tmp');
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('reads 32 bytes as hex or base64; unset in development (a key in DATA_DIR is used)', () => {
    expect(parseConfig({ CURSOR_KEY: HEX }, '/tmp').cursorKey?.toString('hex')).toBe(HEX);
    expect(parseConfig({ CURSOR_KEY: BASE64 }, '/tmp').cursorKey).toEqual(Buffer.alloc(32, 7));
    expect(parseConfig({ CURSOR_KEY: BASE64.replace(/=$/, '') }, '/tmp').cursorKey).toEqual(Buffer.alloc(32, 7));
    expect(parseConfig({}, '/tmp').cursorKey).toBeUndefined();
    const rotated = parseConfig({ CURSOR_KEY: HEX, CURSOR_PREVIOUS_KEYS: `${BASE64}, ${HEX}` }, '/tmp');
    expect(rotated.cursorPreviousKeys).toEqual([Buffer.alloc(32, 7), Buffer.from(HEX, 'hex')]);
  });

  it('is required in production, listed with the other problems, and a bad key is named but never echoed', () => {
    const production = problemsOf({ NODE_ENV: 'production', PORT: 'x' });
    expect(production).toContain('CURSOR_KEY is required in production');
    expect(production).toContain('PORT');
    for (const bad of ['secret-but-short', HEX.slice(2), `${BASE64}AA`]) {
      const problems = problemsOf({ CURSOR_KEY: bad, CURSOR_PREVIOUS_KEYS: `${HEX},${bad}` });
      expect(problems, bad).toContain('CURSOR_KEY must be 32 bytes');
      expect(problems, bad).toContain('CURSOR_PREVIOUS_KEYS: key 2');
      expect(problems, bad).not.toContain(bad);
    }
  });
});

describe('DATABASE_* resilience settings', () => {
  it('has defaults, follows DATABASE_TIMEOUT_MS, and refuses a statement timeout below the request timeout', () => {
    expect(parseConfig({}, '/tmp').databaseResilience).toEqual({
      statementTimeoutMs: 5000,
      lockTimeoutMs: 3000,
      idleInTransactionTimeoutMs: 5000,
      breakerThreshold: 5,
      breakerCooldownMs: 5000,
      checkIntervalMs: 2000,
      checkTimeoutMs: 1000,
      startupTimeoutMs: 60_000,
    });
    expect(parseConfig({ DATABASE_TIMEOUT_MS: '8000' }, '/tmp').databaseResilience.statementTimeoutMs).toBe(8000);
    let error: unknown;
    try {
      parseConfig(
        { DATABASE_TIMEOUT_MS: '8000', DATABASE_STATEMENT_TIMEOUT_MS: '2000', DATABASE_BREAKER_THRESHOLD: '0' },
        '/tmp',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('DATABASE_STATEMENT_TIMEOUT_MS (2000) must not be below DATABASE_TIMEOUT_MS (8000)');
    expect(problems).toContain('DATABASE_BREAKER_THRESHOLD');
  });
});

describe('HTTP timeouts and the metrics listener', () => {
  it('chooses the timeouts, checks them together, and keeps METRICS_PORT off the main port', () => {
    const config = parseConfig({}, '/tmp');
    expect(config.http).toEqual({ headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000 });
    expect(config.metricsPort).toBeUndefined();
    expect(config.metricsHost).toBe('127.0.0.1');
    expect(parseConfig({ METRICS_PORT: '9464' }, '/tmp').metricsPort).toBe(9464);
    let error: unknown;
    try {
      parseConfig(
        { HTTP_HEADERS_TIMEOUT_MS: '90000', HTTP_REQUEST_TIMEOUT_MS: '30000', PORT: '4000', METRICS_PORT: '4000' },
        '/tmp',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
    expect(problems).toContain('METRICS_PORT must differ from PORT');
    expect(() => parseConfig({ HTTP_REQUEST_TIMEOUT_MS: '10' }, '/tmp')).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });
});

describe('CORS_ORIGINS', () => {
  it('is empty by default and keeps origins as browsers send them in the Origin header', () => {
    expect(parseConfig({}).corsOrigins).toEqual([]);
    expect(
      parseConfig({ CORS_ORIGINS: 'https://App.Example.VN, http://localhost:5173,https://app.example.vn:443' })
        .corsOrigins,
    ).toEqual(['https://app.example.vn', 'http://localhost:5173']);
  });

  it('names every value that is not an origin (a path, a wildcard, credentials, another scheme)', () => {
    let error: unknown;
    try {
      parseConfig({
        CORS_ORIGINS:
          'https://ok.example, https://a.example/app, *, https://*.example, https://u@b.example, ftp://c.example',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.filter((p) => p.startsWith('CORS_ORIGINS'));
    expect(problems).toHaveLength(5);
    for (const bad of ['https://a.example/app', '"*"', 'https://*.example', 'https://u@b.example', 'ftp://c.example'])
      expect(problems.join('\n')).toContain(bad);
  });
});

describe('OpenTelemetry settings (OTEL_*)', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT or with OTEL_SDK_DISABLED, and appends v1/traces to the endpoint', () => {
    expect(parseConfig({}).tracing).toBeUndefined();
    expect(
      parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing,
    ).toBeUndefined();
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      headers: {},
      serviceName: 'lienthong',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    const tracing = parseConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example/base',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%3D%3D, x-tenant=province',
      OTEL_SERVICE_NAME: 'lienthong-replica',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).tracing;
    expect(tracing).toMatchObject({
      tracesUrl: 'https://otlp.example/base/v1/traces',
      headers: { 'api-key': 'abc==', 'x-tenant': 'province' },
      serviceName: 'lienthong-replica',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
  });

  it('lists every bad OTEL_* value at once, never echoing a header value', () => {
    let error: unknown;
    try {
      parseConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'secret-without-name,=hidden-token-value',
        OTEL_TRACES_SAMPLER: 'sometimes',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_TRACES_SAMPLER'])
      expect(problems).toContain(name);
    expect(problems).not.toContain('hidden-token-value');
    expect(() =>
      parseConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '2',
      }),
    ).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});
