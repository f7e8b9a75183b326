import type { Deps } from '../../deps.ts';
import { systemContext } from '../../db/database.ts';
import type { AccountDirectory } from '../identity-provider/index.ts';
import { checkPassword } from './use-cases/check-password.ts';
import * as store from './store.ts';
import { listDemoUsers } from './use-cases/list-demo-users.ts';

/** The platform's users, as the embedded identity provider sees them. */
export function localAccountDirectory(deps: Pick<Deps, 'db' | 'clock' | 'config'>): AccountDirectory {
  return {
    verifyPassword: (username, password) => checkPassword(deps, username, password),
    async findAccount(accountId) {
      if (!/^[0-9a-f-]{36}$/i.test(accountId)) return undefined;
      const user = await deps.db.tx(systemContext('identity provider claims'), (tx) => store.findUserWithOrganization(tx, { id: accountId }));
      if (!user || user.status !== 'active') return undefined;
      return {
        accountId: user.id,
        claims: {
          sub: user.id,
          name: user.displayName,
          preferred_username: user.username,
          org_id: user.orgId,
          org_type: user.orgType,
          roles: user.roles,
        },
      };
    },
    ...(deps.config.demo ? { listDemoUsers: () => listDemoUsers(deps) } : {}),
  };
}
