import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

const LINK_MINUTES = 60;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The requester gets a download link for its released export: usable once, for an hour. */
export async function createDownloadLink(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, id: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const request = await store.findExport(tx, id);
    if (!request) throw new DomainError('NOT_FOUND');
    authorize(actor, 'export.request', { orgId: request.orgId }, { visibleToOthers: true });
    if (request.orgId !== actor.orgId) throw new DomainError('FORBIDDEN');
    if (request.state !== 'approved' || !request.releasePath) throw new DomainError('STATE_CONFLICT');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
    await store.insertLink(tx, { tokenHash: tokenHash(token), exportId: id, expiresAt, createdAt: now, parties: request.parties });
    return { url: `${deps.config.publicUrl}/api/v1/downloads/${token}`, expiresAt: expiresAt.toISOString() };
  });
}

/** The download itself: the token is the credential; it works once and before it expires; the download is ledgered. */
export async function download(deps: Pick<Deps, 'db' | 'clock' | 'config'>, token: string) {
  const now = deps.clock.now();
  const request = await deps.db.tx(systemContext('export download'), async (tx) => {
    const link = await store.consumeLink(tx, tokenHash(token), now);
    if (!link) throw new DomainError('EXPORT_LINK_INVALID');
    const request = (await store.findExport(tx, link.exportId))!;
    await appendToLedger(tx, deps.clock, {
      actor: { userId: null, orgId: request.orgId },
      action: 'export.downloaded',
      entity: { type: 'export', id: request.id },
      orgs: request.parties,
      payload: { sha256: request.releaseSha256 },
    });
    return request;
  });
  return {
    stream: createReadStream(path.join(deps.config.exportsDir, request.releasePath!)),
    filename: `shuyun-export-${request.id}.${request.format}`,
    contentType: request.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet',
  };
}
