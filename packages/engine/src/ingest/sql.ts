// Quoting for the few places where DuckDB takes no bound parameter (SET values, read_csv's `columns` struct).
// Only names we hold (declared field names, our own paths) are ever quoted in; file content never is.

export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(text: string): string {
  if (text.includes('\u0000')) throw new Error('literal contains a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}

export function quoteList(items: readonly string[]): string {
  return `[${items.map(quoteLiteral).join(', ')}]`;
}
