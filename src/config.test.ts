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
