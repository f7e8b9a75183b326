/** The rows of a raw `tx.execute(sql…)`: node-postgres and PGlite both answer `{ rows }`, typed differently through Drizzle. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
