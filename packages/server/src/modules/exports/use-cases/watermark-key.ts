import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The platform's watermark key (keys/watermark.key, hex, mode 0600), created on first use. `shuyun watermark detect
 * FILE --key-file <keys>/watermark.key` recovers the recipient of a released file with it.
 */
export function watermarkKey(keysDir: string): string {
  const file = path.join(keysDir, 'watermark.key');
  if (!existsSync(file)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first
    }
  }
  return readFileSync(file, 'utf8').trim(); // the key is the file's text, exactly as the CLI reads it
}
