import { ApiError, get, type Items } from '../../api.ts';
import type { Lang } from '../../i18n.ts';
import type { LedgerCheckpoint, LedgerEntry, LogKeys } from './types.ts';

/** The log's public keys and witnesses, from the well-known address anyone can read (outside /api/v1). */
export async function loadLogKeys(lang: Lang): Promise<LogKeys> {
  const res = await fetch('/.well-known/shuyun-ledger', { headers: { accept: 'application/json', 'accept-language': lang } });
  if (!res.ok) throw new ApiError({ status: res.status, code: `HTTP_${res.status}`, title: res.statusText || `HTTP ${res.status}` });
  return (await res.json()) as LogKeys;
}

/** The latest signed checkpoint, or null before the first one. */
export async function loadCheckpoint(lang: Lang): Promise<LedgerCheckpoint | null> {
  try {
    return await get<LedgerCheckpoint>('/ledger/checkpoint', lang);
  } catch (err) {
    if (err instanceof ApiError && err.problem.code === 'LEDGER_CHECKPOINT_UNKNOWN') return null;
    throw err;
  }
}

export async function loadEntries(lang: Lang, start: number, end: number): Promise<LedgerEntry[]> {
  return (await get<Items<LedgerEntry>>(`/ledger/entries?start=${start}&end=${end}&limit=1000`, lang)).items;
}

/**
 * One past the last sequence number the caller can see: entries are sequenced continuously, checkpoints follow
 * now and then, so look past the checkpoint for entries it does not cover yet.
 */
export async function findHead(lang: Lang, checkpointSize: number): Promise<number> {
  let head = checkpointSize;
  for (let round = 0; round < 10; round++) {
    const items = await loadEntries(lang, head, head + 1000);
    const last = items.at(-1)?.seq;
    if (last == null) return head;
    head = last + 1;
    if (items.length < 1000) return head;
  }
  return head;
}
