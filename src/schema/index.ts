/**
 * The gateway's schema with its cross-cutting layers applied. The layers (authorization,
 * personal-data binding, audit) are schema transforms and Apollo plugins defined outside the
 * sectors; this is the one place that composes them.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { applyAuthorization } from '../authz/index.ts';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { buildExecutableSchema } from './build.ts';

export interface GatewaySchema {
  schema: GraphQLSchema;
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/**
 * Throws AuthzSchemaError (every problem listed) when the SDL's authorization rules are incomplete or invalid, so a
 * badly guarded schema never starts.
 */
export function buildGatewaySchema(config: Pick<Config, 'authzMode' | 'introspectionEnabled'>): GatewaySchema {
  const authorized = applyAuthorization(buildExecutableSchema(), config);
  return { schema: authorized.schema, plugins: authorized.plugins };
}
