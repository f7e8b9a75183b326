import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import { newSecret, secretHash } from '../secrets.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

export interface LoginFlow {
  beginLogin(opts?: { loginHint?: string }): Promise<{ url: string; pending: { state: string; nonce: string; codeVerifier: string } }>;
  completeLogin(callbackUrl: URL, pending: { state: string; nonce: string; codeVerifier: string }): Promise<{ claims: Record<string, unknown> }>;
  issuer: string;
  /** true for the embedded provider, whose subjects are our user ids */
  local: boolean;
}

const LOGIN_STATE_TTL_MS = 10 * 60_000;

/** Step 1: remember what the callback must check, send the browser to the issuer. */
export async function beginLogin(deps: Pick<Deps, 'db'>, flow: LoginFlow, opts: { returnTo: string; loginHint?: string }) {
  const { url, pending } = await flow.beginLogin(opts.loginHint ? { loginHint: opts.loginHint } : {});
  await deps.db.tx(systemContext('login begins'), (tx) => store.insertLoginState(tx, { ...pending, returnTo: safeReturnTo(opts.returnTo) }));
  return { redirectTo: url, state: pending.state };
}

/** Step 2: the issuer sent the browser back; exchange the code, find the account, open a session. */
export async function completeLogin(deps: Pick<Deps, 'db' | 'clock' | 'config'>, flow: LoginFlow, callbackUrl: URL, browserState: string | undefined) {
  const state = callbackUrl.searchParams.get('state');
  if (!state || state !== browserState) throw new DomainError('AUTH_LOGIN_FAILED');
  const pending = await deps.db.tx(systemContext('login callback'), (tx) => store.takeLoginState(tx, state));
  if (!pending || deps.clock.now().getTime() - pending.createdAt.getTime() > LOGIN_STATE_TTL_MS) throw new DomainError('AUTH_LOGIN_FAILED');
  const { claims } = await flow.completeLogin(callbackUrl, pending).catch(() => {
    throw new DomainError('AUTH_LOGIN_FAILED');
  });
  const subject = String(claims.sub ?? '');
  const now = deps.clock.now();
  const token = newSecret();
  await deps.db.tx(systemContext('session opens'), async (tx) => {
    const user = await store.findUserWithOrganization(tx, flow.local ? { id: subject } : { issuer: flow.issuer, subject });
    if (!user) throw new DomainError('AUTH_ACCOUNT_UNKNOWN');
    if (user.status !== 'active') throw new DomainError('AUTH_ACCOUNT_DISABLED');
    const session = await store.insertSession(tx, {
      orgId: user.orgId,
      userId: user.id,
      tokenHash: secretHash(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.config.sessions.maxHours * 3_600_000),
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: user.id, orgId: user.orgId },
      action: 'session.opened',
      entity: { type: 'session', id: session.id },
      payload: { issuer: flow.local ? 'local' : flow.issuer },
      derivedFrom: [{ type: 'user', id: user.id }],
    });
  });
  return { sessionToken: token, returnTo: pending.returnTo };
}

/** Only paths on this site: a login must never become an open redirect. */
function safeReturnTo(returnTo: string): string {
  return /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
}
