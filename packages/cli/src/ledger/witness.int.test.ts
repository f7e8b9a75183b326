import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseNote, verifierFromVkey, verifyCosignature } from '@shuyun/core/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, DEMO_PASSWORD, type TestPlatform, startTestPlatform } from '../../../../test/support/test-platform.ts';
import { systemContext } from '../../../server/src/db/database.ts';
import { hashPassword, provisionUser } from '../../../server/src/modules/identity/index.ts';
import { appendToLedger } from '../../../server/src/modules/ledger/index.ts';
import { runWitness } from '../commands/witness.ts';
import type { CheckpointDoc } from './api-types.ts';
import { memoryIo } from '../memory-io.ts';
import type { WitnessState } from './witness-state.ts';

const WITNESS = 'futian-wxb-witness';

/**
 * The demo regulator (區委網信辦) has only a viewer, and API keys are issued by an organization's admins or
 * developers. So the regulator gets an admin account the way accounts are provisioned (the seed's path, with
 * its ledger entry), and that admin issues the witness's API key for its own organization.
 */
async function regulatorAdmin(platform: TestPlatform): Promise<{ client: ApiClient; orgId: string }> {
  const viewer = await platform.loginAs('regulator.viewer');
  const orgId = (await viewer.get<{ organization: { id: string } }>('/api/v1/me')).body.organization.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await platform.deps.db.tx(systemContext('test: regulator admin account'), async (tx) => {
    const user = await provisionUser(tx, { orgId, username: 'regulator.admin', displayName: '網信管理員', roles: ['admin'], passwordHash });
    await appendToLedger(tx, platform.deps.clock, {
      actor: { userId: null, orgId: null },
      action: 'user.provisioned',
      entity: { type: 'user', id: user!.id },
      orgs: [orgId],
      payload: { roles: ['admin'] },
      derivedFrom: [{ type: 'organization', id: orgId }],
    });
  });
  return { client: await platform.loginAs('regulator.admin'), orgId };
}

async function issueApiKey(client: ApiClient, scopes: string[], name: string): Promise<string> {
  const res = await client.post<{ secret: string }>('/api/v1/api-keys', { name, scopes, expiresInDays: 30 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.secret;
}

describe('shuyun witness: the regulator cosigns the ledger', () => {
  let platform: TestPlatform;
  let authority: ApiClient;
  let dir: string;
  let keyFile: string;
  let stateFile: string;
  let vkey: string;
  let apiKey: string;

  const witness = (extra: string[] = []) => {
    const io = memoryIo({ SHUYUN_API_KEY: apiKey });
    return runWitness(['--server', platform.url, '--key', keyFile, ...extra], io).then((code) => ({ code, io }));
  };
  const state = () => JSON.parse(readFileSync(stateFile, 'utf8')) as WitnessState;
  /** new entries (an API key is issued) and a checkpoint over them */
  const newCheckpoint = async () => {
    await issueApiKey(authority, ['organization.read'], 'new entries');
    const { checkpointSize } = await platform.ledger.sync({ forceCheckpoint: true });
    return checkpointSize!;
  };
  const checkpointAt = async (size: number) => {
    const { body } = await authority.get<{ items: CheckpointDoc[] }>(`/api/v1/ledger/checkpoints?from=${size}&limit=1`);
    expect(body.items[0]?.treeSize).toBe(size);
    return body.items[0]!;
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    dir = mkdtempSync(path.join(tmpdir(), 'shuyun-witness-'));
    keyFile = path.join(dir, 'wxb.skey');
    stateFile = `${keyFile}.state.json`;
    authority = await platform.loginAs('authority.admin');
    const regulator = await regulatorAdmin(platform);

    const keygen = memoryIo();
    expect(await runWitness(['keygen', '--name', WITNESS, '--key', keyFile], keygen)).toBe(0);
    vkey = keygen.out.trim();
    expect(verifierFromVkey(vkey)).toMatchObject({ name: WITNESS, type: 'cosignature-v1' });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await runWitness(['keygen', '--name', WITNESS, '--key', keyFile], memoryIo())).toBe(1); // never overwrites a key

    const registered = await authority.post('/api/v1/ledger/witnesses', { vkey, orgId: regulator.orgId });
    expect(registered.status).toBe(201);
    apiKey = await issueApiKey(regulator.client, ['ledger.cosign'], 'ledger witness');
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('(a) cosigns checkpoint A on first use, then B after new entries; the server serves both cosignatures', async () => {
    await platform.ledger.sync({ forceCheckpoint: true });
    const first = await witness();
    expect(first.code, first.io.err).toBe(0);
    expect(first.io.out).toMatch(/first run: trusting checkpoint [\d,]+ of .* on first use/);
    const a = state().size;

    const b = await newCheckpoint();
    expect(b).toBeGreaterThan(a);
    const second = await witness(['--api-key', apiKey, '--state', stateFile]);
    expect(second.code, second.io.err).toBe(0);
    expect(second.io.out).toContain(`is consistent with checkpoint ${a.toLocaleString('en-US')} that this witness cosigned`);
    expect(state().size).toBe(b);

    const third = await witness();
    expect(third.code).toBe(0);
    expect(third.io.out).toMatch(/^nothing new: checkpoint [\d,]+ .* is the one this witness cosigned last/);

    const verifier = verifierFromVkey(vkey);
    for (const size of [a, b]) {
      const checkpoint = await checkpointAt(size);
      expect(checkpoint.cosignatures.map((c) => c.witness)).toEqual([WITNESS]);
      const { text, signatures } = parseNote(checkpoint.note);
      const line = signatures.find((s) => s.name === WITNESS)!.line;
      expect(verifyCosignature(text, line, verifier)).toBeTypeOf('number');
    }
  });

  it('(b) refuses a checkpoint inconsistent with what it cosigned (a forked log): exit 4, state unchanged', async () => {
    const honest = readFileSync(stateFile, 'utf8');
    const cosigned = state();
    const root = Buffer.from(cosigned.rootHash, 'base64');
    root[0]! ^= 0xff; // as if the checkpoint this witness cosigned had been another branch of the log
    const forked = JSON.stringify({ ...cosigned, rootHash: root.toString('base64') });
    writeFileSync(stateFile, forked);

    const c = await newCheckpoint();
    const refused = await witness();
    expect(refused.code).toBe(4);
    expect(refused.io.err).toContain(`refused: checkpoint ${c.toLocaleString('en-US')} is not consistent with checkpoint ${cosigned.size.toLocaleString('en-US')} that this witness cosigned`);
    expect(readFileSync(stateFile, 'utf8')).toBe(forked);
    expect((await checkpointAt(c)).cosignatures).toEqual([]);

    writeFileSync(stateFile, JSON.stringify({ ...cosigned, size: c, rootHash: root.toString('base64') }));
    const sameSize = await witness();
    expect(sameSize.code).toBe(4);
    expect(sameSize.io.err).toContain('same size, different root');

    writeFileSync(stateFile, JSON.stringify({ ...cosigned, size: c + 100 }));
    const shrunk = await witness();
    expect(shrunk.code).toBe(4);
    expect(shrunk.io.err).toContain('the log shrank');

    // the honest history extends to C: cosigned
    writeFileSync(stateFile, honest);
    const resumed = await witness();
    expect(resumed.code, resumed.io.err).toBe(0);
    expect(state().size).toBe(c);
    expect((await checkpointAt(c)).cosignatures.map((x) => x.witness)).toEqual([WITNESS]);
  });

  it('refuses when the log presents other keys than the ones pinned on first use', async () => {
    const honest = readFileSync(stateFile, 'utf8');
    const other = 'shuyun.futian.gov.cn/ledger+00000000+AQ==';
    writeFileSync(stateFile, JSON.stringify({ ...state(), logKeys: [other] }));
    const refused = await witness();
    expect(refused.code).toBe(4);
    expect(refused.io.err).toContain("refused: the log's keys changed since this witness pinned them");
    writeFileSync(stateFile, honest);
  });

  it('fails (exit 1, no state) when its key is not registered for the organization of the API key', async () => {
    const strayKey = path.join(dir, 'stray.skey');
    expect(await runWitness(['keygen', '--name', 'stray-witness', '--key', strayKey], memoryIo())).toBe(0);
    const io = memoryIo({ SHUYUN_API_KEY: apiKey });
    expect(await runWitness(['--server', platform.url, '--key', strayKey], io)).toBe(1);
    expect(io.err).toContain('is witness stray-witness registered for the organization of this API key?');
    expect(() => statSync(`${strayKey}.state.json`)).toThrow();
  });

  it('explains its usage', async () => {
    const io = memoryIo();
    expect(await runWitness(['--server', platform.url], io)).toBe(2);
    expect(io.err).toContain('--server and --key are required');
  });
});
