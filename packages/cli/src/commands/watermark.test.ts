import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watermarkCsv, watermarkParquet } from '@shuyun/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../memory-io.ts';
import { runWatermark } from './watermark.ts';

const SECRET = 'cli-test-watermark-secret-0123456789abcdef';
let dir: string;
const file = (name: string) => path.join(dir, name);
const candidates = Array.from({ length: 1000 }, () => randomUUID());
const recipient = candidates[500]!;
const carriers = [
  { name: 'households', decimals: 0 },
  { name: 'avg_income', decimals: 2 },
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'shuyun-cli-watermark-'));
  writeFileSync(file('key'), `${SECRET}\n`);
  writeFileSync(file('candidates.txt'), `# export ids\n${candidates.join('\n')}\n`);
  let s = 5;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['street,sector,households,avg_income'];
  for (let i = 0; i < 500; i++) lines.push(`街道${i % 10},sector ${i},${Math.floor(rnd() * 5000) + 20},${(rnd() * 20000).toFixed(2)}`);
  writeFileSync(file('result.csv'), `${lines.join('\n')}\n`);
  await watermarkCsv(file('result.csv'), file('released.csv'), { recipientId: recipient, key: SECRET, numericColumns: carriers });
  await watermarkParquet(file('result.csv'), file('released.parquet'), { recipientId: candidates[7]!, key: SECRET, numericColumns: carriers });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shuyun watermark detect', () => {
  it('prints the recipient matched among the candidates, with its confidence', async () => {
    const io = memoryIo();
    const code = await runWatermark(['detect', file('released.csv'), '--key-file', file('key'), '--candidates', file('candidates.txt')], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain(`recipient (export id): ${recipient}`);
    expect(io.out).toContain('best of 1,000 candidates');
    expect(io.out).toMatch(/confidence: (> )?0\.99999/);
  });

  it('reads Parquet too', async () => {
    const io = memoryIo();
    expect(await runWatermark(['detect', file('released.parquet'), '--key-file', file('key'), '--candidates', file('candidates.txt')], io)).toBe(0);
    expect(io.out).toContain(`recipient (export id): ${candidates[7]}`);
    expect(io.out).toContain(`sealed trailer names: ${candidates[7]}`);
  });

  it('decodes the recipient without candidates, with the key file from the environment', async () => {
    const io = memoryIo({ SHUYUN_WATERMARK_KEY_FILE: file('key') });
    expect(await runWatermark(['detect', file('released.csv'), '--json'], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ found: true, recipientId: recipient, method: 'decoded', format: 'csv' });
  });

  it('reports none for an unmarked file or a wrong key (exit 1)', async () => {
    const io = memoryIo();
    expect(await runWatermark(['detect', file('result.csv'), '--key-file', file('key'), '--candidates', file('candidates.txt')], io)).toBe(1);
    expect(io.out).toContain('no recipient watermark found');
    writeFileSync(file('other-key'), 'some-other-platform-secret-0000000000\n');
    const wrong = memoryIo();
    expect(await runWatermark(['detect', file('released.csv'), '--key-file', file('other-key')], wrong)).toBe(1);
    expect(wrong.out).toContain('no recipient watermark found');
  });

  it('says when --server cannot be asked who requested the export, and still detects locally', async () => {
    const io = memoryIo();
    expect(await runWatermark(['detect', file('released.csv'), '--key-file', file('key'), '--server', 'http://127.0.0.1:9'], io)).toBe(0);
    expect(io.err).toContain('could not ask http://127.0.0.1:9 who requested the export');
    expect(io.out).toContain(recipient);
  });

  it('explains its usage', async () => {
    const io = memoryIo();
    expect(await runWatermark(['detect', file('released.csv')], io)).toBe(2);
    expect(io.err).toContain('Usage:');
    const none = memoryIo();
    expect(await runWatermark([], none)).toBe(2);
  });
});
