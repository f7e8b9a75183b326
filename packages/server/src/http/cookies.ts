import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config/config.ts';

export const SESSION_COOKIE = 'shuyun_session';
export const LOGIN_STATE_COOKIE = 'shuyun_login';

export function sessionCookieOptions(config: Pick<Config, 'sessions'>): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.sessions.secureCookies };
}
