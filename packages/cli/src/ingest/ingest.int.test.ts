import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/test-platform.ts';
import { runIngest } from '../commands/ingest.ts';
import { memoryIo } from '../memory-io.ts';

describe('shuyun ingest', () => {
  let platform: TestPlatform;
  let apiKey: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    const housing = await platform.loginAs('zjj.steward');
    await housing.post('/api/v1/resources', {
      code: 'ZJJ-CLI-TEST',
      nameZh: '命令行測試',
      category: ['住房'],
      openness: 'unconditional',
      updateFrequency: 'monthly',
      fields: [{ name: 'street', type: 'string', role: 'other', grade: 'general_1' }, { name: 'units', type: 'integer', role: 'other', grade: 'general_1' }],
    });
    apiKey = (await housing.post('/api/v1/api-keys', { name: 'ingest', scopes: ['resource.*'] })).body.secret;
  });
  afterAll(async () => platform?.close());

  it('the department uploads a CSV file as the next version, with progress, and sees its hashes', async () => {
    const file = path.join(tmpdir(), `shuyun-cli-${process.pid}.csv`);
    writeFileSync(file, `street,units\n${Array.from({ length: 5000 }, (_, i) => `福田,${i}`).join('\n')}\n`);
    const io = memoryIo();
    expect(await runIngest([file, '--resource', 'ZJJ-CLI-TEST', '--server', platform.url, '--api-key', apiKey], io)).toBe(0);
    expect(io.out).toMatch(/ZJJ-CLI-TEST version 1: 5,000 rows\n {2}sha256 [0-9a-f]{64}\n {2}sm3 {4}[0-9a-f]{64}/);
    expect(io.err).toContain('uploaded 100%');
  });

  it('a refused file prints the reasons with line numbers', async () => {
    const file = path.join(tmpdir(), `shuyun-cli-bad-${process.pid}.csv`);
    writeFileSync(file, 'street,units\n福田,1\n福田\n');
    const io = memoryIo();
    expect(await runIngest([file, '--resource', 'ZJJ-CLI-TEST', '--server', platform.url, '--api-key', apiKey], io)).toBe(1);
    expect(io.err).toMatch(/refused — .*INGEST_MALFORMED_ROWS[\s\S]*\/line\/3/);
  });
});
