/**
 * Operation safety (docs/ARCHITECTURE.md §7): operation limits (an Apollo plugin + graphql-js's token limit),
 * per-client rate limiting (HTTP layer), trusted documents (HTTP layer). The request body limit is applied by
 * src/http/body.ts with `config.limits.maxRequestBytes`.
 */
export { CostSchemaError } from './cost.ts';
export {
  formatLimitError,
  limitError,
  limitsPlugin,
  parseOptions,
  requestBytesMessage,
  type LimitCode,
} from './plugin.ts';
export {
  createBreakGlassLimit,
  createProbeThrottle,
  createRateLimiter,
  rateLimitMessage,
  type BreakGlassDecision,
  type BreakGlassLimit,
  type ProbeDecision,
  type ProbeThrottle,
  type RateDecision,
  type RateLimiter,
  type RateLimiterStats,
} from './rate-limit.ts';
export { resolveDocumentId, sha256Hex, TrustedDocuments, TrustedDocumentsError } from './trusted-documents.ts';
