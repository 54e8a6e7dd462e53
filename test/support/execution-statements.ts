/**
 * SQL statements run while a request EXECUTES (resolvers and their loaders), per request: what "a denied field runs
 * no SQL" is about. Counting the whole request would also count the audit layer's write, which comes after execution
 * and is there whenever personal data was asked for, denied attempts included (src/audit/plugin.ts).
 *
 *   const measured = executionStatements();
 *   startTestGateway({ plugins: [measured.plugin] });
 *   measured.of(response)  // by the response's x-request-id; 0 when the request never executed
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../src/context.ts';

export interface ExecutionStatements {
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  of(response: { headers: Headers }): number;
}

export function executionStatements(): ExecutionStatements {
  const counts = new Map<string, number>();
  return {
    plugin: {
      async requestDidStart({ contextValue }) {
        return {
          async executionDidStart() {
            const before = contextValue.db.statements.count;
            return {
              async executionDidEnd() {
                counts.set(contextValue.requestId, contextValue.db.statements.count - before);
              },
            };
          },
        };
      },
    },
    of(response) {
      const id = response.headers.get('x-request-id');
      if (id === null) throw new Error('the response has no x-request-id');
      return counts.get(id) ?? 0;
    },
  };
}

/** The operation names of the requests that reached execution, in order (a request a layer rejects never does). */
export function executedOperations(): {
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  readonly names: string[];
} {
  const names: string[] = [];
  return {
    plugin: {
      async requestDidStart() {
        return {
          async executionDidStart(requestContext) {
            names.push(requestContext.operationName ?? '(anonymous)');
          },
        };
      },
    },
    names,
  };
}
