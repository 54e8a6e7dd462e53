/**
 * Every Apollo plugin of the gateway, in order: the one place the order is decided (docs/ARCHITECTURE.md §3). Apollo
 * calls each hook on the plugins in this order; where several plugins refuse the same request (a GraphQLError thrown
 * from `didResolveOperation`), the first one's error is the one reported, and `willSendResponse` listeners see the
 * response as the earlier ones left it.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GatewayContext } from './context.ts';
import { sourceUnavailablePlugin, unsupportedOperationPlugin } from './observability/index.ts';

type Plugin = ApolloServerPlugin<GatewayContext>;

export interface GatewayPlugins {
  /** The operation limits (src/limits/plugin.ts). */
  limits: Plugin;
  /** The authorization layer's plugins (src/schema/index.ts). */
  authorization: readonly Plugin[];
  /** The audit layer's plugin (src/schema/index.ts). */
  audit: Plugin | undefined;
  /**
   * Security events (src/audit/security-events.ts, probes.ts): `probes` counts and throttles a citizen token's
   * foreign IDs before execution; `refusals` records every response refused before execution.
   */
  security?: { probes: Plugin; refusals: Plugin };
  /** The observation: one log line and one metrics sample per request (src/observability/index.ts). */
  observation: Plugin;
  /** Spans of parse, validation and execution when tracing is on (src/observability/tracing.ts). */
  tracing?: Plugin | undefined;
  /** Extra plugins (tests, benchmarks). */
  extra?: readonly Plugin[];
}

export function orderedPlugins(plugins: GatewayPlugins): Plugin[] {
  return [
    // Apollo's own landing pages load from Apollo's CDN; the explorer is ours (src/http/explorer.ts).
    ApolloServerPluginLandingPageDisabled(),
    // Apollo installs its cache-control plugin by default; its willResolveField hook makes Apollo wrap every field
    // resolver of the schema (requestPipeline.js, enablePluginsForSchemaResolvers) and run a hook per field, a
    // measurable share of a 360° view's CPU (BENCHMARKS.md). Responses with personal data carry no cache hints.
    ApolloServerPluginCacheControlDisabled(),
    // Tracing first: execution's span must be current before any other plugin's executionDidStart sends a statement.
    ...(plugins.tracing === undefined ? [] : [plugins.tracing]),
    // Limits before authorization: when both refuse an operation, a limit breach is reported as such.
    plugins.limits,
    // Authorization decides in didResolveOperation, before anything executes, what the caller may read.
    ...plugins.authorization,
    // The probe throttle after authorization: when both refuse, the authorization refusal is reported.
    ...(plugins.security === undefined ? [] : [plugins.security.probes]),
    // Audit after authorization: it records what the authorization layer released and denied.
    ...(plugins.audit === undefined ? [] : [plugins.audit]),
    // A response with a SOURCE_UNAVAILABLE error becomes 503 with `data: null` before it is observed.
    sourceUnavailablePlugin(),
    // `mutation`/`subscription` against a schema without that root type: 400 OPERATION_NOT_SUPPORTED; after the
    // limits and authorization, so their refusal of the same operation is the one reported.
    unsupportedOperationPlugin(),
    // Refusals are recorded from the final response (every plugin above may refuse or change it).
    ...(plugins.security === undefined ? [] : [plugins.security.refusals]),
    // The observation reads the final response (status, error codes), so it comes after every plugin that changes it.
    plugins.observation,
    // Extra plugins (tests, benchmarks) see everything as a client would.
    ...(plugins.extra ?? []),
  ];
}
