/**
 * What of a failed request may go into the log. Drizzle's query errors carry the statement's parameters —
 * data values, possibly personal data — so only the statement and the database's own error survive.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  if (error.name === 'DrizzleQueryError' && 'query' in error) {
    const cause = error.cause as { code?: string; message?: string; constraint?: string } | undefined;
    return { type: error.name, query: String(error.query), cause: { code: cause?.code, message: cause?.message, constraint: cause?.constraint }, stack: error.stack?.split('\n').slice(1, 6).join('\n') };
  }
  return { type: error.name, message: error.message, stack: error.stack };
}
