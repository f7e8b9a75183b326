import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateEd25519Signer, generateSm2Signer, type NoteSigner, signerFromPrivateKey } from '@shuyun/core/ledger';

export interface LedgerSigners {
  origin: string;
  ed25519: NoteSigner;
  sm2: NoteSigner;
}

/**
 * The log's two signing keys (Ed25519 and SM2), named after the log's origin. Created on first start in the
 * keys directory (owner-only files) and reused after; processes sharing one PostgreSQL must share the directory
 * (SHUYUN_LEDGER_KEYS_DIR) so every checkpoint is signed by the same keys.
 */
export function loadLedgerSigners(keysDir: string, origin: string): LedgerSigners {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  return {
    origin,
    ed25519: loadOrCreate(path.join(keysDir, 'ledger-ed25519.skey'), () => generateEd25519Signer(origin).skey),
    sm2: loadOrCreate(path.join(keysDir, 'ledger-sm2.skey'), () => generateSm2Signer(origin).skey),
  };
}

function loadOrCreate(file: string, generate: () => string): NoteSigner {
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${generate()}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  }
  return signerFromPrivateKey(readFileSync(file, 'utf8').trim());
}
