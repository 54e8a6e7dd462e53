/**
 * GET /schema.graphql: the schema a token may see, as SDL, for code generators and IDEs that want a file rather than
 * an introspection query (docs/ARCHITECTURE.md §3). Exactly what the token's introspection shows: the same rule
 * (INTROSPECTION_ENABLED, else the `schema:introspect` scope; otherwise 400 INTROSPECTION_DISABLED) and the same
 * schema filtered to its scopes (src/authz/introspection.ts), printed by graphql-js's printSchema.
 *
 * The gateway's own directive definitions (@requiresScopes, @personal, @cost...) are left out: they only apply to
 * type-system locations, printSchema cannot show where they are used, and a client can put none of them in an
 * operation. Directives a client can use (executable locations) would be kept. `text/plain; charset=utf-8`: what a
 * browser shows and every schema loader (graphql-config, codegen's URL loader with a `.graphql` path) reads.
 * Per-token content: `Cache-Control: no-store` and `Vary: Authorization` like /graphql.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DirectiveLocation, GraphQLSchema, isSpecifiedDirective, printSchema, type GraphQLDirective } from 'graphql';
import type { Principal } from '../auth/principal.ts';
import { SCHEMA_INTROSPECT } from '../auth/scopes.ts';
import { admitCaller, type CallerAdmission } from './caller.ts';
import { sendError } from './respond.ts';

export const SCHEMA_SDL_PATH = '/schema.graphql';

export interface SchemaSdlOptions extends CallerAdmission {
  /** The schema the principal may see, undefined when it may not introspect (src/authz/index.ts `visibleSchema`). */
  visibleSchema: (principal: Principal) => GraphQLSchema | undefined;
}

const EXECUTABLE_LOCATIONS: ReadonlySet<string> = new Set([
  DirectiveLocation.QUERY,
  DirectiveLocation.MUTATION,
  DirectiveLocation.SUBSCRIPTION,
  DirectiveLocation.FIELD,
  DirectiveLocation.FRAGMENT_DEFINITION,
  DirectiveLocation.FRAGMENT_SPREAD,
  DirectiveLocation.INLINE_FRAGMENT,
  DirectiveLocation.VARIABLE_DEFINITION,
]);

const usableByClients = (directive: GraphQLDirective): boolean =>
  isSpecifiedDirective(directive) || directive.locations.some((location) => EXECUTABLE_LOCATIONS.has(location));

/** The SDL of a filtered schema, printed once per schema (the filtered schemas are cached per scope set). */
const printed = new WeakMap<GraphQLSchema, string>();

export function schemaSdl(schema: GraphQLSchema): string {
  let sdl = printed.get(schema);
  if (sdl === undefined) {
    const forClients = new GraphQLSchema({
      ...schema.toConfig(),
      directives: schema.getDirectives().filter(usableByClients),
    });
    sdl = `${printSchema(forClients)}\n`;
    printed.set(schema, sdl);
  }
  return sdl;
}

/** The GET /schema.graphql handler; `requestId` is the request's (src/http/request-id.ts). */
export function schemaSdlHandler(
  options: SchemaSdlOptions,
): (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void> {
  const { visibleSchema } = options;
  return async (req, res, requestId) => {
    // Token, rate limit and refusals as security events, exactly as on /graphql (src/http/caller.ts).
    const principal = await admitCaller(options, req, res, requestId);
    if (principal === 'answered') return;
    const schema = visibleSchema(principal);
    if (schema === undefined) {
      return sendError(
        res,
        'INTROSPECTION_DISABLED',
        `Introspection is disabled; GET ${SCHEMA_SDL_PATH} needs a token with the scope ${SCHEMA_INTROSPECT}`,
      );
    }
    const body = schemaSdl(schema);
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(body);
  };
}
