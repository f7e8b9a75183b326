import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosign, generateCosigner, parseNote } from '@shuyun/core/ledger';
import { runApprovedJob } from '../../../test/support/approved-jobs.ts';
import { grantEnterprisesToOperator } from '../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import type { InclusionProof, LedgerEntry, LogKeys } from '../src/features/ledger/types.ts';
import { checkNoteSignatures, verifyEntryInclusion } from '../src/features/ledger/verify.ts';
import { CHROMIUM, launchChromium } from './browser.ts';
import { type PortalWalk, walkPortal } from './portal.ts';

// The regulator's view of the platform, in Chromium at 1366×768 and in Chinese: the dashboards across every tenant,
// then the ledger — the signed checkpoint with its Ed25519 signature and the regulator's own witness cosignature
// checked in the browser, an entry whose inclusion proof the browser recomputes (✓), a tampered answer (✗), and
// the lineage graph of a grant and of its application. The activity behind it is set up through the API.

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('the ledger explorer and the supervision dashboards in the portal', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let regulator: ApiClient;
  let grantId: string;
  let applicationId: string;
  let witness: ReturnType<typeof generateCosigner>['signer'];
  let walk: PortalWalk;


  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    page = await browser.newPage();
    walk = walkPortal(page, platform, 'ledger');

    // a grant with a privacy budget, some ε spent, a blocked export, a second application waiting, a suspended partner
    const granted = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業數量與註冊資本，服務產業政策' },
      modes: ['governed_query', 'approved_job', 'export'],
      controls: { epsilonBudget: 2 },
    });
    const { authority, operator, orgs } = granted;
    grantId = granted.grantId;
    const dp = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, { view: 'scjg_enterprises', groupBy: ['industry'], measures: [{ kind: 'count' }], epsilon: '0.5' });
    expect(dp.status).toBe(200);
    const ran = await runApprovedJob(operator, [authority], grantId, 'with_contact', [{ output: 'with_contact', sql: 'SELECT industry, count(*) AS enterprises, min(legal_rep_mobile) AS contact FROM scjg_enterprises GROUP BY industry' }]);
    const exported = await operator.post('/api/v1/exports', { resultTableId: ran.results[0]!.id, format: 'csv', purpose: '產業分析報告附表', subjectCountColumn: 'enterprises' });
    expect(exported.body.state).toBe('blocked');
    const first = (await operator.get('/api/v1/applications')).body.items[0];
    applicationId = first.id;
    const pending = await operator.post('/api/v1/applications', {
      title: '福田區企業分析（第二期）',
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業數量與註冊資本，服務產業政策' },
      resources: first.requested.resources,
      modes: ['governed_query'],
    });
    expect(pending.status).toBe(201);
    expect((await authority.post(`/api/v1/organizations/${orgs['PT-SOFT']}/suspension`, { reasons: '未按約定報送安全評估報告', rectificationDue: '2026-12-31' })).status).toBe(200);

    // the regulator is the ledger's witness: registered by the authority, it cosigns the checkpoint
    regulator = await platform.loginAs('regulator.viewer');
    const regulatorOrg = (await regulator.get('/api/v1/me')).body.organization.id as string;
    witness = generateCosigner('futian-wxb-witness').signer;
    const admin = await platform.loginAs('authority.admin');
    expect((await admin.post('/api/v1/ledger/witnesses', { vkey: witness.vkey, orgId: regulatorOrg })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('the regulator reads the dashboards, verifies an entry in the browser and follows the lineage of a grant', { timeout: 180_000 }, async () => {
    // sign in through the identity provider's chooser
    await page.goto(platform.url);
    await page.getByText('統一身份認證登錄').click();
    await page.waitForSelector('#login-form');
    await page.locator('button[data-username="regulator.viewer"]').click();
    await page.locator('input[name="password"]').fill(platform.config.demoPassword);
    await page.locator('#login-form button[type="submit"]').click();
    await page.getByText('歡迎，').waitFor();

    // a checkpoint over everything so far, cosigned by the regulator's witness
    const { checkpointSize } = await platform.ledger.sync({ forceCheckpoint: true });
    const checkpoint = (await regulator.get('/api/v1/ledger/checkpoint')).body;
    expect(checkpoint.treeSize).toBe(checkpointSize);
    const cosigned = await regulator.post(`/api/v1/ledger/checkpoints/${checkpointSize}/cosignatures`, {
      signatureLine: cosign(parseNote(checkpoint.note).text, witness, Math.floor(Date.now() / 1000)).trimEnd(),
    });
    expect(cosigned.status).toBe(201);

    // 1. the dashboards: every chart with data, product calls with an empty state
    await walk.go('/dashboard');
    await page.locator('[data-testid=dashboard]').waitFor();
    expect(await page.locator('[data-testid=kpi-applications]').textContent()).toContain('2');
    for (const chart of ['applications', 'stages', 'epsilon', 'exports', 'actions']) {
      expect(await page.locator(`[data-testid=chart-${chart}]`).getAttribute('data-empty')).toBe('false');
      await page.locator(`[data-testid=chart-${chart}] canvas`).first().waitFor();
    }
    expect(await page.locator('[data-testid=chart-calls]').getAttribute('data-empty')).toBe('true');
    await page.locator('[data-testid=current-suspensions]').getByText('未按約定報送安全評估報告').waitFor();
    await walk.screenshot('dashboard');
    await walk.screenshot('dashboard-full', { fullPage: true });

    // 2. the ledger: the latest checkpoint, its signatures checked in the browser, the newest entries
    await walk.go('/ledger');
    await page.locator('[data-testid=ledger-checkpoint]').waitFor();
    await page.locator('[data-testid=signature-ed25519][data-ok=true]').waitFor();
    await page.locator('[data-testid=signature-cosignature-v1][data-ok=true]').waitFor();
    expect((await page.locator('[data-testid=ledger-tree-size]').textContent())?.replace(/\D/g, '')).toBe(String(checkpointSize));
    await page.locator('[data-testid=ledger-entries]').waitFor();
    await walk.screenshot('explorer', { fullPage: true });

    // 3. open an entry from the list: its leaf hash and inclusion proof recomputed with WebCrypto, ✓
    const entries = (await regulator.get(`/api/v1/ledger/entries?start=0&end=${checkpointSize}&limit=1000`)).body.items as { seq: number; leaf: { action: string; entity: { type: string; id: string } } }[];
    const listed = await page.locator('[data-testid^=entry-link-]').evaluateAll((links) => links.map((a) => Number(a.getAttribute('data-testid')!.slice('entry-link-'.length))));
    const inCheckpoint = listed.find((seq) => seq < checkpointSize!)!;
    await page.locator(`[data-testid=entry-link-${inCheckpoint}]`).click();
    await page.locator('[data-testid=verify-result]').waitFor();
    expect(await page.locator('[data-testid=verify-result]').getAttribute('data-verified')).toBe('true');
    for (const check of ['payload', 'leaf', 'inclusion', 'note']) expect(await page.locator(`[data-testid=check-${check}]`).getAttribute('data-ok')).toBe('true');
    await walk.screenshot('entry-verified');

    // 4. the grant's entry, then its lineage: upstream the agreement and the application
    const issued = entries.find((e) => e.leaf.action === 'grant.issued' && e.leaf.entity.id === grantId)!;
    await walk.go(`/ledger/${issued.seq}`);
    await page.locator('[data-testid=verify-result][data-verified=true]').waitFor();
    await page.getByText('授權生效').first().waitFor();
    await walk.screenshot('grant-entry-verified', { fullPage: true });
    await page.locator('[data-testid=open-lineage]').click();
    await page.locator('[data-testid=lineage-graph] canvas').first().waitFor();
    const nodes = page.locator('[data-testid=lineage-nodes]');
    await nodes.locator(`[data-testid=lineage-link-application-${applicationId}]`).waitFor();
    expect(await nodes.textContent()).toContain('協議');
    await walk.screenshot('grant-lineage');

    // 5. the application's lineage: the resource it asked for upstream, the agreements and the grant downstream
    await nodes.locator(`[data-testid=lineage-link-application-${applicationId}]`).click();
    await page.locator(`[data-testid=lineage-link-grant-${grantId}]`).waitFor();
    await page.locator('[data-testid=lineage-graph] canvas').first().waitFor();
    expect(await page.locator('[data-testid=lineage-nodes]').textContent()).toContain('數據資源');
    await walk.screenshot('application-lineage');

    // 6. a tampered answer (the payload changed on the way) is caught by the browser: ✗
    await page.route('**/api/v1/ledger/proofs/inclusion?**', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, payload: { ...body.payload, tampered: true } } });
    });
    await walk.go(`/ledger/${inCheckpoint}`);
    await page.locator('[data-testid=verify-result][data-verified=false]').waitFor();
    expect(await page.locator('[data-testid=check-payload]').getAttribute('data-ok')).toBe('false');
    await walk.screenshot('tampered-payload');
    await page.unroute('**/api/v1/ledger/proofs/inclusion?**');

    // 7. the same entry, untampered, in English
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Verified in the browser').waitFor();
    await walk.screenshot('entry-verified-en');
  });

  // after the walk above, which cosigned the latest checkpoint as the regulator's witness
  it("the browser's verifier (WebCrypto only, here in Node) accepts every entry of the ledger and the checkpoint's signatures", async () => {
    const checkpoint = (await regulator.get('/api/v1/ledger/checkpoint')).body as InclusionProof['checkpoint'];
    const entries = (await regulator.get(`/api/v1/ledger/entries?start=0&end=${checkpoint.treeSize}&limit=1000`)).body.items as LedgerEntry[];
    expect(entries).toHaveLength(checkpoint.treeSize);
    for (const entry of entries) {
      const proof = (await regulator.get(`/api/v1/ledger/proofs/inclusion?seq=${entry.seq}`)).body as InclusionProof;
      const verdict = await verifyEntryInclusion({ leaf: proof.leaf!, leafHash: proof.leafHash, payload: proof.payload, treeSize: proof.treeSize, proof: proof.proof, checkpoint: proof.checkpoint });
      expect({ seq: entry.seq, action: entry.leaf!.action, ok: verdict.ok }).toEqual({ seq: entry.seq, action: entry.leaf!.action, ok: true });
    }
    const actions = new Set(entries.map((e) => e.leaf!.action));
    for (const action of ['resource.version_ingested', 'application.approved', 'agreement.signed', 'grant.issued', 'grant.epsilon_spent', 'job.ran', 'export.blocked', 'organization.suspended', 'ledger.witness_registered', 'session.opened']) expect(actions).toContain(action);
    const keys = (await regulator.get('/.well-known/shuyun-ledger')).body as LogKeys;
    const vkeys = [...keys.keys.map((k) => k.vkey), ...keys.witnesses.map((w) => w.vkey)];
    expect((await checkNoteSignatures(checkpoint.note, vkeys))?.map((c) => [c.kind, c.verdict])).toEqual([
      ['ed25519', 'valid'],
      ['sm2-sm3', 'unsupported'],
      ['cosignature-v1', 'valid'],
    ]);
    const forged = checkpoint.note.replace(`\n${checkpoint.treeSize}\n`, `\n${checkpoint.treeSize + 1}\n`);
    expect((await checkNoteSignatures(forged, vkeys))?.map((c) => c.verdict)).toEqual(['invalid', 'unsupported', 'invalid']);
  });
});
