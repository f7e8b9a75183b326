/**
 * What of a failed request may go into the log. Drizzle's query errors carry the statement's parameters in their
 * message — data values, possibly personal data — so only the statement and the database's own error survive.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  if ('query' in error && 'params' in error) {
    const cause = error.cause as { code?: string; message?: string; constraint?: string; table?: string } | undefined;
    return {
      type: 'DatabaseQueryError',
      query: String(error.query),
      cause: { code: cause?.code, message: cause?.message, constraint: cause?.constraint, table: cause?.table },
      stack: stackFrames(error),
    };
  }
  return { type: error.name, message: error.message, stack: error.stack };
}

/** Only the "at …" frames: the first lines of a stack repeat the message, parameters included. */
function stackFrames(error: Error): string | undefined {
  return error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 6).join('\n');
}
