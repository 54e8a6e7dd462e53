/**
 * The authorization layer (docs/ARCHITECTURE.md §5): rules compiled from the SDL and checked at start-up, a schema
 * transform that guards resolvers, and an Apollo plugin that decides, before execution, what the caller may read.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Principal } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { FilteredSchemaCache } from './introspection.ts';
import { authorizationPlugin, introspectionAllowed } from './plugin.ts';
import { compileAuthzPolicy, type AuthzPolicy } from './policy.ts';
import { applyAuthorizationTransform } from './transform.ts';

export { AuthzSchemaError, compileAuthzPolicy, type AuthzPolicy } from './policy.ts';
export { requestAuthorization, type RequestAuthorization } from './state.ts';

export interface AuthorizedSchema {
  schema: GraphQLSchema;
  policy: AuthzPolicy;
  plugins: ApolloServerPlugin<GatewayContext>[];
  /**
   * The schema this token may see, exactly what its introspection would show (the same rule and the same filtered
   * schema); undefined when it may not introspect (INTROSPECTION_DISABLED). For GET /schema.graphql.
   */
  visibleSchema(principal: Pick<Principal, 'scopes' | 'pid'>): GraphQLSchema | undefined;
}

export interface AuthorizationOptions {
  /**
   * A transform of the guarded schema by a layer that must see what authorization decided (the audit layer wraps the
   * guards). Its result is also the schema introspection operations run on, so that they go through that layer too.
   */
  wrap?: (guarded: GraphQLSchema, policy: AuthzPolicy) => GraphQLSchema;
}

/** Checks the schema's rules (throws AuthzSchemaError listing every problem) and applies the layer. */
export function applyAuthorization(
  schema: GraphQLSchema,
  config: Pick<Config, 'authzMode' | 'introspectionEnabled'>,
  options: AuthorizationOptions = {},
): AuthorizedSchema {
  const policy = compileAuthzPolicy(schema);
  const guarded = applyAuthorizationTransform(schema, policy);
  const executable = options.wrap === undefined ? guarded : options.wrap(guarded, policy);
  const filteredSchemas = new FilteredSchemaCache(executable, policy, 100);
  return {
    schema: executable,
    policy,
    plugins: [authorizationPlugin({ policy, schema: executable, config, filteredSchemas })],
    visibleSchema: (principal) =>
      introspectionAllowed(config, principal)
        ? filteredSchemas.get(principal.scopes, principal.pid !== undefined)
        : undefined,
  };
}
