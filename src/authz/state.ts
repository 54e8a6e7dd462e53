/**
 * Per-request authorization state, keyed by the request's context object (envelop style: nothing is added to
 * GatewayContext). Written by the plugin before execution; read by every guarded resolver. No state = deny.
 */
import type { FieldNode } from 'graphql';
import type { Denial, OperationAnalysis } from './analyze.ts';

export interface RequestAuthorization {
  readonly denied: ReadonlyMap<FieldNode, Denial>;
  /** The personal ID of a citizen token, undefined for service tokens. */
  readonly pid: string | undefined;
  readonly analysis: OperationAnalysis;
  /**
   * Node lookups (`Query.node`) of a citizen token answered with null: an ID of another citizen's object (withheld by
   * the binding) or of nothing. Counted during execution (transform.ts), recorded as probes by the audit layer
   * (src/audit/probes.ts) since only execution can tell whose object an ID names.
   */
  readonly probes: { nodeLookups: number };
}

const STATES = new WeakMap<object, RequestAuthorization>();

export function setRequestAuthorization(context: object, state: RequestAuthorization): void {
  STATES.set(context, state);
}

/** The authorization decided for the request of this context (audit and other layers may read it). */
export function requestAuthorization(context: unknown): RequestAuthorization | undefined {
  return typeof context === 'object' && context !== null ? STATES.get(context) : undefined;
}
