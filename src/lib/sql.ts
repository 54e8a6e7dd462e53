/**
 * SQL fragments shared by the loaders. Dates and instants are formatted by the database as ISO
 * strings so that PGlite and node-postgres return the same values and no time-zone conversion
 * happens in JavaScript.
 */
export const isoDate = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
export const isoInstant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
