import type { Deps } from '../deps.ts';
import { systemContext } from '../db/database.ts';
import { hashPassword, provisionUser } from '../modules/identity/index.ts';
import { findOrganizationByCode, registerOrganization } from '../modules/organizations/index.ts';
import { appendToLedger } from '../modules/ledger/index.ts';
import { demoDistrict } from './district.ts';

const SEED = { userId: null, orgId: null };

export interface SeedReport {
  organizations: number;
  users: Array<{ username: string; organization: string; roles: string[] }>;
}

/**
 * Seeds the demo Futian district in one transaction: all of it or nothing. Running it again adds only
 * what is missing, so `shuyun seed` is safe on a seeded database.
 */
export async function seedDemoDistrict(deps: Pick<Deps, 'db' | 'config' | 'clock'>): Promise<SeedReport> {
  // every demo user shares the one published demo password: hash it once (scrypt is deliberately slow)
  const passwordHash = await hashPassword(deps.config.demoPassword);
  return deps.db.tx(systemContext('demo seed'), async (tx) => {
    const report: SeedReport = { organizations: 0, users: [] };
    for (const org of demoDistrict) {
      const created = await registerOrganization(tx, org);
      if (created) {
        report.organizations++;
        await appendToLedger(tx, deps.clock, { actor: SEED, action: 'organization.registered', entity: { type: 'organization', id: created.id }, orgs: [created.id], payload: { code: org.code, type: org.type, uscc: org.uscc } });
      }
      const orgId = (created ?? (await findOrganizationByCode(tx, org.code)))!.id;
      for (const user of org.users) {
        const provisioned = await provisionUser(tx, { orgId, ...user, passwordHash });
        if (!provisioned) continue;
        report.users.push({ username: user.username, organization: org.nameZh, roles: user.roles });
        await appendToLedger(tx, deps.clock, {
          actor: SEED,
          action: 'user.provisioned',
          entity: { type: 'user', id: provisioned.id },
          orgs: [orgId],
          payload: { roles: user.roles },
          derivedFrom: [{ type: 'organization', id: orgId }],
        });
      }
    }
    return report;
  });
}

export function hasDemoData(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return deps.db.tx(systemContext('demo check'), async (tx) => (await findOrganizationByCode(tx, demoDistrict[0]!.code)) !== undefined);
}
