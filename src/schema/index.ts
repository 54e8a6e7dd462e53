/**
 * The gateway's schema with its cross-cutting layers applied. The layers (authorization,
 * personal-data binding, audit) are schema transforms and Apollo plugins defined outside the
 * sectors; this is the one place that composes the transforms. The layers' plugins are returned
 * for src/plugins.ts, which orders every Apollo plugin.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { applyAuditTransform, auditPlugin, type AuditPluginOptions } from '../audit/index.ts';
import { applyMutationAuditTransform } from '../audit/mutation-audit.ts';
import { applyAuthorization, type AuthorizedSchema } from '../authz/index.ts';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { buildExecutableSchema } from './build.ts';

export interface GatewaySchema {
  schema: GraphQLSchema;
  /** The authorization layer's plugins (they decide before execution what the caller may read). */
  authorizationPlugins: ApolloServerPlugin<GatewayContext>[];
  /** The audit layer's plugin, when `options.audit` was given. */
  auditPlugin: ApolloServerPlugin<GatewayContext> | undefined;
  /** The schema a token may see (its introspection's), undefined when it may not: GET /schema.graphql. */
  visibleSchema: AuthorizedSchema['visibleSchema'];
}

export interface GatewaySchemaOptions {
  /**
   * The audit layer: its transform wraps the authorization guards (it records what they release and deny). The
   * gateway always passes it; schema checks may leave it out.
   */
  audit?: AuditPluginOptions;
}

/**
 * Throws AuthzSchemaError (every problem listed) when the SDL's authorization rules are incomplete or invalid, so a
 * badly guarded schema never starts.
 */
export function buildGatewaySchema(
  config: Pick<Config, 'authzMode' | 'introspectionEnabled'>,
  options: GatewaySchemaOptions = {},
): GatewaySchema {
  const { audit } = options;
  const authorized = applyAuthorization(
    buildExecutableSchema(),
    config,
    audit === undefined
      ? {}
      : {
          // The mutation wrapper runs first: it prepares the record the mutation's transaction writes.
          wrap: (guarded, policy) =>
            applyMutationAuditTransform(applyAuditTransform(guarded, policy), policy.personalTypes),
        },
  );
  return {
    schema: authorized.schema,
    authorizationPlugins: authorized.plugins,
    auditPlugin: audit === undefined ? undefined : auditPlugin(audit),
    visibleSchema: authorized.visibleSchema,
  };
}
