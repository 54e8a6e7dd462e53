/** Rate-limit counters, in the gateway's Prometheus registry (served at /metrics by src/observability). */
import { Counter } from 'prom-client';
import { registry } from '../observability/metrics.ts';

const decisions = new Counter({
  name: 'lienthong_rate_limit_decisions_total',
  help: 'Rate-limit decisions by result (allowed, limited)',
  labelNames: ['result'] as const,
  registers: [registry],
});

const storeErrors = new Counter({
  name: 'lienthong_rate_limit_store_errors_total',
  help: 'Rate-limit decisions taken by the in-process buckets because Redis failed or did not answer in time',
  registers: [registry],
});

export function recordRateLimitDecision(allowed: boolean): void {
  decisions.inc({ result: allowed ? 'allowed' : 'limited' });
}

export function recordRateLimitStoreError(): void {
  storeErrors.inc();
}
