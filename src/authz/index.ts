/**
 * The authorization layer (DESIGN.md §5): rules compiled from the SDL and checked at start-up, a schema transform
 * that guards resolvers, and an Apollo plugin that decides, before execution, what the caller may read.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { authorizationPlugin } from './plugin.ts';
import { compileAuthzPolicy, type AuthzPolicy } from './policy.ts';
import { applyAuthorizationTransform } from './transform.ts';

export { AuthzSchemaError, compileAuthzPolicy, type AuthzPolicy } from './policy.ts';
export { requestAuthorization, type RequestAuthorization } from './state.ts';
export { UNAUTHORIZED_CODE } from './transform.ts';

export interface AuthorizedSchema {
  schema: GraphQLSchema;
  policy: AuthzPolicy;
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/** Checks the schema's rules (throws AuthzSchemaError listing every problem) and applies the layer. */
export function applyAuthorization(
  schema: GraphQLSchema,
  config: Pick<Config, 'authzMode' | 'introspectionEnabled'>,
): AuthorizedSchema {
  const policy = compileAuthzPolicy(schema);
  const guarded = applyAuthorizationTransform(schema, policy);
  return { schema: guarded, policy, plugins: [authorizationPlugin({ policy, schema: guarded, config })] };
}
