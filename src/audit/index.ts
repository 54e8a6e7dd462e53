/**
 * The audit layer (docs/ARCHITECTURE.md §6): a schema transform that records, per request, whose personal data each
 * field reads (collect.ts), and an Apollo plugin that writes one hash-chained record per (request, citizen) before the
 * response is sent, failing closed (plugin.ts). The store is store.ts / writer.ts. Apart from the access log: security
 * events, probes by citizen tokens and requests refused before execution (security-events.ts, probes.ts).
 */
export { applyAuditTransform } from './collect.ts';
export { DENIED_FIELD_PREFIX } from './chain.ts';
export { auditPlugin, type AuditPluginOptions } from './plugin.ts';
