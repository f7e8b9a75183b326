import { createContext, useContext } from 'react';
import type { Me, Organization } from '../api.ts';
import { type Lang, type MessageKey, t } from '../i18n.ts';

export interface Session {
  lang: Lang;
  me: Me;
  /** the directory of organizations, by id, for names */
  orgs: Map<string, Organization>;
  /** re-read the unread count shown on the inbox badge */
  refreshInbox(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}

/** The translation function bound to the session's language. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const { lang } = useSession();
  return (key, vars) => t(lang, key, vars);
}

export function hasRole(me: Me, ...roles: Me['roles']): boolean {
  return roles.some((r) => me.roles.includes(r));
}

export function orgName(s: Pick<Session, 'lang' | 'orgs'>, id: string | null | undefined): string {
  if (!id) return '—';
  const o = s.orgs.get(id);
  if (!o) return id.slice(0, 8);
  return s.lang === 'en' ? (o.nameEn ?? o.nameZh) : o.nameZh;
}
