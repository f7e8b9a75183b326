import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configurationTable, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: embedded database in ./.shuyun, demo on, local identity provider', () => {
    const config = loadConfig({});
    expect(config.dataDir).toMatch(/\.shuyun$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.oidc.issuer).toBeUndefined();
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
    expect(config.login).toEqual({ maxFailures: 5, lockMinutes: 15 });
  });

  it('names every bad variable, and unknown SHUYUN_ variables too', () => {
    let error: unknown;
    try {
      loadConfig({ SHUYUN_PORT: '99999', SHUYUN_DATABASE_URL: 'mysql://x', SHUYUN_TYPO: '1', PATH: '/bin' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('SHUYUN_PORT');
    expect(message).toContain('SHUYUN_DATABASE_URL: must be a postgres:// URL');
    expect(message).toContain('SHUYUN_TYPO: unknown variable');
    expect(message).not.toContain('PATH');
  });

  it('the ledger proof mirror gets 256 MB unless told otherwise; 0 turns it off; a negative or fractional size is refused', () => {
    expect(loadConfig({}).ledger.proofMirrorBytes).toBe(256 * 1024 * 1024);
    expect(loadConfig({ SHUYUN_LEDGER_PROOF_CACHE_MB: '0' }).ledger.proofMirrorBytes).toBe(0);
    expect(() => loadConfig({ SHUYUN_LEDGER_PROOF_CACHE_MB: '-1' })).toThrow(/SHUYUN_LEDGER_PROOF_CACHE_MB/);
    expect(() => loadConfig({ SHUYUN_LEDGER_PROOF_CACHE_MB: '1.5' })).toThrow(/SHUYUN_LEDGER_PROOF_CACHE_MB/);
  });

  it('the README configuration table lists exactly the variables of the schema, with their defaults', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const row of configurationTable()) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${row.variable}\``));
      expect(line, row.variable).toBeDefined();
      expect(line).toContain(row.default ? `\`${row.default}\`` : '—');
    }
    const documented = [...readme.matchAll(/^\| `(SHUYUN_[A-Z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(configurationTable().map((r) => r.variable).sort());
  });
});
