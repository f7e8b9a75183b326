import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestVersion } from './ingest-version.ts';
import { filesUnder, tempDataDir } from './test-fixtures.ts';
import type { DeclaredField } from './types.ts';

// A behaviour check, not a timing: a file much larger than the memory the ingest may take still goes through,
// because every stage streams (DuckDB reads the file in buffers, the Parquet is written by row groups, the hashes
// are computed chunk by chunk).

const TARGET_BYTES = 200 * 1024 * 1024;
const MAX_RSS_GROWTH = 300 * 1024 * 1024;

const fields: DeclaredField[] = [
  { name: 'id', type: 'integer', nullable: false },
  { name: 'uscc', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'street', type: 'string' },
  { name: 'capital', type: 'decimal' },
  { name: 'staff', type: 'integer' },
  { name: 'registered', type: 'date' },
  { name: 'updated_at', type: 'timestamp' },
  { name: 'active', type: 'boolean' },
  { name: 'note', type: 'string' },
];

async function generate(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const streets = ['园岭街道', '南园街道', '福田街道', '沙头街道', '梅林街道', '莲花街道', '华富街道', '香蜜湖街道'];
  out.write(`${fields.map((f) => f.name).join(',')}\n`);
  let written = 0;
  let rows = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 5000; k++, rows++) {
      const i = rows + 1;
      const day = String((i % 28) + 1).padStart(2, '0');
      chunk += `${i},91440300${String(i * 7919).padStart(10, '0')},深圳市福田区第${i}号企业有限公司,${streets[i % 8]},${(i % 100000) * 10.25},${i % 997},20${String(i % 24).padStart(2, '0')}-0${(i % 9) + 1}-${day},2024-0${(i % 9) + 1}-${day} 0${i % 10}:1${i % 6}:00,${i % 3 === 0},${i % 5 === 0 ? '' : '"备注, 含逗号"'}\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return rows;
}

describe('a multi-hundred-megabyte CSV', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  beforeAll(async () => {
    data = await tempDataDir();
  });
  afterAll(async () => {
    await data.remove();
  });

  it('ingests with the process memory growing far less than the file size', { timeout: 600_000 }, async () => {
    const file = path.join(data.dir, 'big.csv');
    const rows = await generate(file, TARGET_BYTES);
    expect((await stat(file)).size).toBeGreaterThanOrEqual(TARGET_BYTES);

    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    let result;
    try {
      // DuckDB holds a read buffer and a row group per thread (~80 MB each here): the thread count is pinned so that
      // the bound does not depend on the machine's cores. It does not depend on the file size (600 MB: the same peak).
      result = await ingestVersion({ kind: 'file', path: file, format: 'csv' }, { datasetsDir: data.datasetsDir, resourceCode: 'BIG', version: 1, fields }, { threads: 2 });
    } finally {
      clearInterval(sample);
    }
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(result.rows).toBe(rows);
    expect(result.columns.find((c) => c.name === 'note')!.nulls).toBe(Math.floor(rows / 5));
    expect(peak - before).toBeLessThan(MAX_RSS_GROWTH);
    expect(await filesUnder(data.datasetsDir)).toEqual(['BIG/v1.parquet']);
    console.info(`200 MB CSV: ${rows} rows, RSS growth at peak ${((peak - before) / 2 ** 20).toFixed(0)} MiB`);
  });
});
