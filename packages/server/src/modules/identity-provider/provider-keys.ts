import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

export interface ProviderKeys {
  signing: { keys: Array<Record<string, unknown>> };
  cookies: string[];
}

/**
 * Loads the provider's private signing keys and cookie keys, creating them on first start.
 * Persisting them is what keeps tokens issued before a restart verifiable, and browser cookies valid, after it.
 */
export async function loadOrCreateProviderKeys(signingKeysFile: string): Promise<ProviderKeys> {
  const signing = await loadOrCreate(signingKeysFile, async () => ({ keys: [await newSigningKey()] }));
  const cookies = await loadOrCreate(cookieKeysFileFor(signingKeysFile), async () => ({
    keys: [randomBytes(32).toString('base64url')],
  }));
  if (!isKeySet(signing) || !isKeySet(cookies)) throw new Error(`unreadable identity provider key file next to ${signingKeysFile}`);
  return { signing: signing as ProviderKeys['signing'], cookies: cookies.keys.map(String) };
}

/** The cookie keys live next to the signing keys: `idp-keys.json` → `idp-keys.cookies.json`. */
export function cookieKeysFileFor(signingKeysFile: string): string {
  const { dir, name } = path.parse(signingKeysFile);
  return path.join(dir, `${name}.cookies.json`);
}

async function newSigningKey(): Promise<Record<string, unknown>> {
  // RS256: every OIDC relying party must support it for ID tokens, and it serves the API's JWT access tokens too.
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

async function loadOrCreate(file: string, create: () => Promise<object>): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const value = await create();
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename, so a crash never leaves a half-written key file behind; private keys are owner-only.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
  await rename(tmp, file);
  return value;
}

function isKeySet(value: unknown): value is { keys: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys) && (value as { keys: unknown[] }).keys.length > 0;
}
