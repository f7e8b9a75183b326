import { Space, Tag, Tooltip } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { label } from '../../i18n.ts';
import { useSession } from '../../shared/context.ts';
import { href, routeQuery } from '../../shared/router.ts';
import type { EntityRef } from './types.ts';

/** The query of the hash route (`#/ledger/lineage?type=…&id=…`), followed as it changes. */
export function useHashQuery(): URLSearchParams {
  const [query, setQuery] = useState(routeQuery);
  useEffect(() => {
    const onChange = () => setQuery(routeQuery());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return query;
}

/** The portal page of an object, where there is one. */
export function objectPath(ref: EntityRef): string | undefined {
  const pages: Record<string, string> = { application: 'applications', agreement: 'agreements', grant: 'grants', data_resource: 'catalog', export: 'exports', product: 'products' };
  const page = pages[ref.type];
  return page ? `/${page}/${ref.id}` : undefined;
}

export function lineagePath(ref: EntityRef): string {
  return `/ledger/lineage?type=${encodeURIComponent(ref.type)}&id=${encodeURIComponent(ref.id)}`;
}

export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** An object as its kind and a short id, linked to its lineage. */
export function EntityLink({ entity }: { entity: EntityRef }) {
  const { lang } = useSession();
  return (
    <Tooltip title={entity.id}>
      <a href={href(lineagePath(entity))} data-testid={`lineage-link-${entity.type}-${entity.id}`}>
        <Space size={4}>
          <Tag style={{ marginInlineEnd: 0 }}>{label(lang, 'lent_', entity.type)}</Tag>
          <code style={{ fontSize: 12 }}>{shortId(entity.id)}</code>
        </Space>
      </a>
    </Tooltip>
  );
}

/** ✓ / ✗ / – as a coloured mark with its text. */
export function Check({ ok, children, testId }: { ok: boolean | undefined; children: ReactNode; testId?: string }) {
  const [mark, color] = ok === undefined ? ['–', '#8c8c8c'] : ok ? ['✓', '#389e0d'] : ['✗', '#cf1322'];
  return (
    <Space align="start" data-testid={testId} data-ok={ok === undefined ? 'unknown' : String(ok)}>
      <span style={{ color, fontWeight: 700, fontSize: 16, lineHeight: '22px', display: 'inline-block', width: 16, textAlign: 'center' }}>{mark}</span>
      <span>{children}</span>
    </Space>
  );
}
