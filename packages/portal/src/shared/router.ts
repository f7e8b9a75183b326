import { useEffect, useState } from 'react';

/** A small hash router: `#/applications/123` → ['applications', '123']. */
export function currentPath(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
}

export function useRoute(): string[] {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

export function navigate(to: string): void {
  window.location.hash = to.startsWith('/') ? to : `/${to}`;
}

export function href(to: string): string {
  return `#${to.startsWith('/') ? to : `/${to}`}`;
}

/** The query part of the hash: `#/apply?resource=1` → { resource: '1' }. */
export function routeQuery(): URLSearchParams {
  const i = window.location.hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? window.location.hash.slice(i + 1) : '');
}
