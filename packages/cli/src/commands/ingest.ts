// `shuyun ingest FILE --resource CODE`: a source department uploads a new version of one of its resources,
// streamed, with a progress bar. The server checks it against the declared fields; a refusal stores nothing.
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { type CliIo, EXIT, errorMessage, processIo } from '../io.ts';
import { progressBar } from '../ingest/progress-bar.ts';

export const INGEST_USAGE = `Usage:
  shuyun ingest FILE --resource CODE --server URL [--api-key KEY] [--format csv|jsonl|parquet] [--encoding auto|utf-8|gb18030|gbk]
      upload FILE as the next version of resource CODE (API key of the department, also from SHUYUN_API_KEY)
`;

export async function runIngest(args: string[], io: CliIo = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { resource: { type: 'string' }, server: { type: 'string' }, 'api-key': { type: 'string' }, format: { type: 'string' }, encoding: { type: 'string', default: 'auto' } },
    });
    const file = positionals[0];
    const apiKey = values['api-key'] ?? io.env.SHUYUN_API_KEY;
    if (!file || !values.resource || !values.server || !apiKey) {
      io.stderr.write(`shuyun ingest: FILE, --resource, --server and an API key are required\n\n${INGEST_USAGE}`);
      return EXIT.usage;
    }
    const server = values.server.replace(/\/$/, '');
    const auth = { authorization: `Bearer ${apiKey}`, 'accept-language': 'en' };
    const listed = await fetch(`${server}/api/v1/resources`, { headers: auth });
    if (!listed.ok) throw new Error(await problemText(listed));
    const resource = ((await listed.json()) as { items: Array<{ id: string; code: string }> }).items.find((r) => r.code === values.resource);
    if (!resource) {
      io.stderr.write(`shuyun ingest: your organization has no resource ${values.resource}\n`);
      return EXIT.failed;
    }
    const format = values.format ?? (file.endsWith('.parquet') ? 'parquet' : /\.jsonl?$/.test(file) ? 'jsonl' : 'csv');
    const total = statSync(file).size;
    const bar = progressBar(io.stderr, total);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => bar.advance(chunk.length));
    const res = await fetch(`${server}/api/v1/resources/${resource.id}/versions?format=${format}&encoding=${values.encoding}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': format === 'parquet' ? 'application/vnd.apache.parquet' : format === 'jsonl' ? 'application/x-ndjson' : 'text/csv', 'content-length': String(total) },
      body: Readable.toWeb(stream) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    bar.done();
    if (!res.ok) {
      io.stderr.write(`shuyun ingest: refused — ${await problemText(res)}\n`);
      return EXIT.failed;
    }
    const version = (await res.json()) as { version: number; rows: number; sha256: string; sm3: string };
    io.stdout.write(`${values.resource} version ${version.version}: ${version.rows.toLocaleString('en')} rows\n  sha256 ${version.sha256}\n  sm3    ${version.sm3}\n`);
    return EXIT.ok;
  } catch (err) {
    io.stderr.write(`shuyun ingest: ${errorMessage(err)}\n`);
    return EXIT.failed;
  }
}

/** The problem's title and its first details (line numbers, columns), never more than a screenful. */
async function problemText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { title?: string; code?: string; errors?: Array<{ path: string; reason: string }> };
  const details = (body.errors ?? []).slice(0, 20).map((e) => `\n  ${e.path}: ${e.reason}`).join('');
  return `${body.title ?? `HTTP ${res.status}`} (${body.code ?? res.status})${details}`;
}
