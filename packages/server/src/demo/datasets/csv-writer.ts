import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes rows as RFC 4180 CSV with a header, honouring back-pressure so memory stays flat. */
export async function writeCsv(file: string, header: readonly string[], rows: Iterable<ReadonlyArray<string | number | null>>): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  let count = 0;
  let buffer = `${header.join(',')}\n`;
  for (const row of rows) {
    buffer += `${row.map(cell).join(',')}\n`;
    count++;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return count;
}
