import { systemClock } from '@shuyun/core';
import {
  consistencyProof,
  consistencyProofNodes,
  generateEd25519Signer,
  generateSm2Signer,
  inclusionProof,
  inclusionProofNodes,
  type NodeId,
} from '@shuyun/core/ledger';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { type Database, systemContext } from '../../db/database.ts';
import { appendToLedger } from './append.ts';
import { LedgerSequencer } from './sequencer.ts';
import * as store from './store.ts';
import { nodeGetter, TreeNodes } from './tree-nodes.ts';
import { countingReads } from '../../../../../test/support/counting-reads.ts';

const ORIGIN = 'test.shuyun.example/ledger';
const signers = { origin: ORIGIN, ed25519: generateEd25519Signer(ORIGIN).signer, sm2: generateSm2Signer(ORIGIN).signer };
const policy = { everyEntries: Number.MAX_SAFE_INTEGER, everySeconds: 86_400 };
const log = pino({ level: 'silent' });
/** Hashes as hex, so that a Buffer and a Uint8Array of the same bytes compare equal. */
const hex = (hashes: Iterable<Uint8Array>) => [...hashes].map((h) => Buffer.from(h).toString('hex'));
const hexByKey = (nodes: Map<string, Uint8Array>) => new Map([...nodes].map(([key, h]) => [key, Buffer.from(h).toString('hex')]));

describe('the ledger tree mirror that serves proofs', () => {
  let db: Database;
  let size: number;

  /** Appends `count` entries and sequences them, as a server process would. */
  async function appendAndSequence(count: number, sequencer: LedgerSequencer): Promise<number> {
    for (let done = 0; done < count; done += 100) {
      await db.tx(systemContext('test: ledger entries'), async (tx) => {
        for (let i = done; i < Math.min(count, done + 100); i++) {
          await appendToLedger(tx, systemClock, { actor: { userId: null, orgId: null }, action: 'api_key.revoked', entity: { type: 'api_key', id: `mirror-${size}-${i}` }, payload: { i } });
        }
      });
    }
    return (await sequencer.sync()).size;
  }

  /** The same nodes read from storage inside a transaction, as the sequencer reads them. */
  const fromStorage = (ids: readonly NodeId[]) => db.tx(systemContext('test: nodes from storage'), (tx) => store.readNodes(tx, ids));

  async function expectProofsFromStorage(tree: TreeNodes, treeSize: number, sample: readonly number[]) {
    for (const m of sample) {
      const ids = inclusionProofNodes(m, treeSize);
      expect(hex(inclusionProof(m, treeSize, nodeGetter(await tree.read(ids)))), `inclusion of ${m} in ${treeSize}`).toEqual(hex(inclusionProof(m, treeSize, nodeGetter(await fromStorage(ids)))));
      const from = m + 1;
      const cids = consistencyProofNodes(from, treeSize);
      expect(hex(consistencyProof(from, treeSize, nodeGetter(await tree.read(cids)))), `consistency ${from} → ${treeSize}`).toEqual(hex(consistencyProof(from, treeSize, nodeGetter(await fromStorage(cids)))));
    }
  }

  const everyFew = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === 0 || i >= n - 3);

  beforeAll(async () => {
    db = await openTestDatabase();
    size = (await new LedgerSequencer({ db, clock: systemClock, log }, signers, policy).sync()).size; // the demo district's entries
    size = await appendAndSequence(333, new LedgerSequencer({ db, clock: systemClock, log }, signers, policy));
  });
  afterAll(async () => db?.close());

  it('a process that starts on a stored tree loads it, then serves proofs from memory equal to proofs from storage', async () => {
    const counted = countingReads(db);
    const tree = new TreeNodes(counted.db);
    const added = await tree.loadFromStorage();
    expect(added).toBe(2 * size - popcount(size)); // every complete node of every level: Σ ⌊n / 2^level⌋
    expect(tree.mirrorSize()).toMatchObject({ nodes: added, lowestLevel: 0 });
    const loadReads = counted.reads();

    await expectProofsFromStorage(tree, size, everyFew(size));
    expect(counted.reads()).toBe(loadReads); // not one round trip for the proofs
    expect(await tree.loadFromStorage()).toBe(0); // nothing new in storage
  });

  it('nodes another process sequenced are read from storage, and the next load brings them into the mirror', async () => {
    const counted = countingReads(db);
    const tree = new TreeNodes(counted.db);
    await tree.loadFromStorage();
    const before = size;
    size = await appendAndSequence(45, new LedgerSequencer({ db, clock: systemClock, log }, signers, policy)); // another process's sequencer

    let reads = counted.reads();
    const ids = inclusionProofNodes(size - 1, size);
    const nodes = await tree.read(ids); // the new leaf's sibling is beyond the mirrored prefix
    expect(counted.reads()).toBeGreaterThan(reads);
    expect(hex(inclusionProof(size - 1, size, nodeGetter(nodes)))).toEqual(hex(inclusionProof(size - 1, size, nodeGetter(await fromStorage(ids)))));

    await tree.loadFromStorage(); // joins the load the miss started (or runs one)
    expect(tree.mirrorSize().nodes).toBe(2 * size - popcount(size));
    reads = counted.reads();
    await expectProofsFromStorage(tree, size, [0, before - 1, before, size - 2, size - 1]);
    expect(counted.reads()).toBe(reads);
  });

  it('a sequencer mirrors the nodes it commits as it commits them', async () => {
    const sequencer = new LedgerSequencer({ db, clock: systemClock, log }, signers, policy);
    await sequencer.tree.loadFromStorage();
    const mirror = sequencer.tree.mirrorSize().nodes;
    size = await appendAndSequence(21, sequencer); // no proof read in between, so no load either
    expect(sequencer.tree.mirrorSize().nodes).toBe(2 * size - popcount(size));
    expect(sequencer.tree.mirrorSize().nodes).toBeGreaterThan(mirror);
    await expectProofsFromStorage(sequencer.tree, size, [0, size - 22, size - 1]);
    await sequencer.stop();
  });

  it('a mirror bounded to its top levels serves the same proofs, the lower levels in one storage read a proof', async () => {
    const counted = countingReads(db);
    const tree = new TreeNodes(counted.db, { budgetBytes: 6 * 64 * 32 }); // six levels of the smallest buffer
    await tree.loadFromStorage();
    const { lowestLevel, allocatedBytes, nodes } = tree.mirrorSize();
    const top = Math.floor(Math.log2(size));
    expect(lowestLevel).toBeGreaterThan(0);
    expect(lowestLevel).toBeLessThanOrEqual(top);
    expect(allocatedBytes).toBeLessThanOrEqual(6 * 64 * 32);
    expect(nodes).toBe(Array.from({ length: top - lowestLevel + 1 }, (_, k) => Math.floor(size / 2 ** (lowestLevel + k))).reduce((a, b) => a + b));

    const reads = counted.reads();
    const sample = everyFew(size);
    await expectProofsFromStorage(tree, size, sample);
    expect(counted.reads() - reads).toBeLessThanOrEqual(2 * sample.length); // at most one per proof, and no loads
    expect(tree.mirrorSize().lowestLevel).toBe(lowestLevel);

    const none = new TreeNodes(db, { budgetBytes: 0 });
    await none.loadFromStorage();
    expect(none.mirrorSize()).toEqual({ nodes: 0, allocatedBytes: 0, lowestLevel: top + 1 });
    await expectProofsFromStorage(none, size, [0, size - 1]);
  });

  it('a node remembered out of order is ignored: the mirror never holds a gap, and storage answers', async () => {
    const tree = new TreeNodes(db);
    const bogus = new Uint8Array(32).fill(0xee);
    tree.remember(0, 5, bogus); // level 0 holds nothing yet: index 5 is not the next one
    tree.remember(3, 1, bogus);
    expect(tree.mirrorSize().nodes).toBe(0);
    const ids = [{ level: 0, index: 5 }, { level: 3, index: 1 }];
    const stored = await fromStorage(ids);
    expect(hexByKey(await tree.read(ids))).toEqual(hexByKey(stored));

    await tree.loadFromStorage();
    tree.remember(0, 2, bogus); // already mirrored: the stored hash stays
    tree.remember(0, size + 10, bogus); // beyond the next one
    expect(tree.mirrorSize().nodes).toBe(2 * size - popcount(size));
    expect(hexByKey(await tree.read([{ level: 0, index: 2 }]))).toEqual(hexByKey(await fromStorage([{ level: 0, index: 2 }])));
    await expectProofsFromStorage(tree, size, [0, 5, size - 1]);
  });
});

/** Set bits of n: Σ ⌊n / 2^level⌋ over all levels = 2n − popcount(n). */
function popcount(n: number): number {
  let bits = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) bits += v % 2;
  return bits;
}
