/** Shapes the freshness loaders return. */

/** One source's status; `rowCount` is a JSON number (an estimate, may exceed 32 bits). */
export interface SourceStatusModel {
  source: string;
  lastChangedAt: string | null;
  stale: boolean;
  staleAfterHours: number;
  rowCount: number | null;
}
