import type { Lang } from './i18n.ts';

/** RFC 9457 problem from the API; `title` is already in the user's language. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  requestId?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export async function api<T>(path: string, lang: Lang, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, { ...init, credentials: 'same-origin', headers: { 'accept-language': lang, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
  if (res.status === 204) return undefined as T;
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new ApiError(body as Problem);
  return body as T;
}

export interface Me {
  user: { id: string; username: string; displayName: string };
  organization: { id: string; code: string; nameZh: string; nameEn: string | null; type: string; status: string };
  roles: string[];
}
