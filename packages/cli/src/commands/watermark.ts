// `shuyun watermark detect FILE`: who a released CSV or Parquet file was made for. The fingerprint is keyed with the
// platform's watermark secret, so detection needs it (--key-file); given the platform's export ids (--candidates) it
// names the best match with a false-match probability corrected for their number, otherwise it decodes the bits.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError, errorMessage as catalogueMessage } from '@shuyun/core/errors/catalogue';
import { detectWatermark, type FileDetection } from '@shuyun/engine';
import { type CliIo, EXIT, count, errorMessage, processIo } from '../io.ts';
import { ledgerServer } from '../ledger/http.ts';

export const WATERMARK_USAGE = `Usage:
  shuyun watermark detect FILE [--key-file PATH] [--candidates PATH] [--server URL [--api-key KEY]] [--json]
      recover the export (recipient) id fingerprinted into a released CSV or Parquet file, with a confidence;
      PATH holds the platform's watermark secret (also from SHUYUN_WATERMARK_KEY_FILE); --candidates: export ids,
      one per line, to match against (without them the id is decoded from the file alone); --server: also ask the
      platform who requested that export (an authority API key, also from SHUYUN_API_KEY). Exit 1: none found.
`;

export async function runWatermark(args: string[], io: CliIo = processIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub !== 'detect') {
      io.stderr.write(`shuyun watermark: ${sub ? `unknown subcommand '${sub}'` : 'which subcommand?'}\n\n${WATERMARK_USAGE}`);
      return EXIT.usage;
    }
    return await detect(rest, io);
  } catch (err) {
    const usage = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const text = err instanceof DomainError ? `${err.code}: ${catalogueMessage(err.code, 'en')}` : errorMessage(err);
    io.stderr.write(`shuyun watermark ${sub}: ${text}\n${usage ? `\n${WATERMARK_USAGE}` : ''}`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}

async function detect(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'key-file': { type: 'string' }, candidates: { type: 'string' }, server: { type: 'string' }, 'api-key': { type: 'string' }, json: { type: 'boolean' } },
  });
  const [file, ...extra] = positionals;
  const keyFile = values['key-file'] ?? io.env.SHUYUN_WATERMARK_KEY_FILE;
  if (!file || extra.length || !keyFile) {
    io.stderr.write(`shuyun watermark detect: give exactly one FILE and the key (--key-file or SHUYUN_WATERMARK_KEY_FILE)\n\n${WATERMARK_USAGE}`);
    return EXIT.usage;
  }
  // The secret is the key file's text, as the platform holds it in its configuration (surrounding whitespace dropped).
  const key = readFileSync(keyFile, 'utf8').trim();
  const candidates = values.candidates
    ? readFileSync(values.candidates, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
    : undefined;
  const result = await detectWatermark(file, { key, candidates });
  if (values.server && result.found && result.recipientId) {
    // the export request names its requester; a lookup that fails leaves the local finding as it is
    try {
      const request = await ledgerServer(values.server, values['api-key'] ?? io.env.SHUYUN_API_KEY).get<{ orgId: string; purpose: string; requestedAt: string }>(`/api/v1/exports/${result.recipientId}`);
      io.stdout.write(`requested by organization ${request.orgId} on ${request.requestedAt} for: ${request.purpose}\n`);
    } catch (err) {
      io.stderr.write(`shuyun watermark detect: could not ask ${values.server} who requested the export: ${errorMessage(err)}\n`);
    }
  }
  if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else io.stdout.write(report(result, candidates?.length));
  return result.found ? EXIT.ok : EXIT.failed;
}

function report(r: FileDetection, candidates: number | undefined): string {
  const lines: string[] = [];
  if (r.found && r.recipientId) {
    lines.push(`recipient (export id): ${r.recipientId}`);
    const how = r.method === 'candidates' ? `best of ${count(candidates ?? 0)} candidates` : 'decoded from the file alone';
    lines.push(`confidence: ${formatConfidence(r.confidence)} (${how}; false-match probability ≤ ${formatProbability(1 - r.confidence)})`);
  } else {
    lines.push('no recipient watermark found');
  }
  const columns = r.columns.map((c) => `${c.name} (${c.decimals} decimals)`).join(', ');
  lines.push(`channel: ${r.channel}${columns ? ` — ${columns}` : ''}; ${count(r.rows)} rows read, ${count(r.votes)} votes, ${r.bitsCovered}/160 bits`);
  if (r.sealedRecipientId) lines.push(`sealed trailer names: ${r.sealedRecipientId}${r.sealedRecipientId === r.recipientId ? '' : ' (differs from the fingerprint: the trailer alone proves nothing)'}`);
  return `${lines.join('\n')}\n`;
}

function formatConfidence(c: number): string {
  return c >= 1 - 1e-12 ? '> 0.999999999999' : c.toFixed(9);
}

function formatProbability(p: number): string {
  return p <= 0 ? '1e-300' : p.toExponential(1);
}
