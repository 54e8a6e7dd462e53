/**
 * What a request released as statistics (docs/ARCHITECTURE.md §15): the indicators resolver notes the indicator ids
 * it answers with, and the audit layer (src/audit/plugin.ts) turns them into one statistical-release record before
 * the response is sent. Kept here, below both, so that the stats module does not import the audit layer.
 */
const RELEASES = new WeakMap<object, Set<string>>();

/** The indicators resolver: these indicators are being released in this request. */
export function noteStatisticalRelease(context: object, indicatorIds: readonly string[]): void {
  let ids = RELEASES.get(context);
  if (ids === undefined) {
    ids = new Set();
    RELEASES.set(context, ids);
  }
  for (const id of indicatorIds) ids.add(id);
}

/** The indicators a request released, sorted; empty when none. */
export function statisticalReleaseOf(context: object): string[] {
  return [...(RELEASES.get(context) ?? [])].sort();
}
