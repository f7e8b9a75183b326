import type { Database } from '../../packages/server/src/db/database.ts';

/** The database, counting the public reads (one round trip each) made through it: how a test or benchmark sees a cache work. */
export function countingReads(db: Database): { db: Database; reads: () => number } {
  let reads = 0;
  return {
    db: {
      ...db,
      publicRead(name, text, params) {
        reads++;
        return db.publicRead(name, text, params);
      },
    },
    reads: () => reads,
  };
}
