import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 and SM3 (GB/T 32905) of a file in one streaming read. */
export async function hashFile(file: string, onBytes?: (bytes: number) => void): Promise<{ sha256: string; sm3: string; bytes: number }> {
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    sha256.update(buf);
    sm3.update(buf);
    bytes += buf.length;
    onBytes?.(bytes);
  }
  return { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), bytes };
}
