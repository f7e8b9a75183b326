import { Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CatalogSnapshot } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { loadCatalog, resourceName } from '../../shared/catalog.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';

/** The published operation catalog: its latest edition, searchable. */
export function CatalogPage() {
  const { lang } = useSession();
  const t = useT();
  const catalog = useAsync(() => loadCatalog(lang, true), [lang]);
  const [q, setQ] = useState('');
  return (
    <>
      <PageTitle extra={<Input.Search allowClear placeholder={t('searchCatalog')} onChange={(e) => setQ(e.target.value)} style={{ width: 280 }} />}>{t('navCatalog')}</PageTitle>
      <Loadable state={catalog} empty={t('noCatalog')} isEmpty={(c) => !c || c.resources.length === 0}>
        {(edition) => {
          const rows = edition!.resources
            .map((r) => ({ ...r.snapshot, id: r.resourceId, code: r.code }))
            .filter((r) => !q || `${r.code} ${r.nameZh} ${r.nameEn ?? ''}`.toLowerCase().includes(q.toLowerCase()));
          return (
            <>
              <Typography.Paragraph type="secondary">
                {t('catalogEdition', { n: edition!.number })} · {t('publishedAt')} {formatDateTime(lang, edition!.publishedAt)} {edition!.note ? `· ${edition!.note}` : ''}
              </Typography.Paragraph>
              <Table<CatalogSnapshot>
                rowKey="id"
                size="middle"
                dataSource={rows}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('code'), dataIndex: 'code', width: 200, render: (code: string, r) => <a href={href(`/catalog/${r.id}`)}>{code}</a> },
                  { title: t('name'), render: (_, r) => resourceName(lang, r) },
                  { title: t('publisher'), render: (_, r) => resourceName(lang, r.publisher) },
                  { title: t('openness'), width: 120, render: (_, r) => <Tag color={r.openness === 'unconditional' ? 'green' : r.openness === 'conditional' ? 'gold' : 'default'}>{label(lang, 'open_', r.openness)}</Tag> },
                  { title: t('grade'), width: 110, render: (_, r) => label(lang, 'grade_', r.grade) },
                  { title: t('fields'), width: 80, render: (_, r) => r.fields.length },
                ]}
              />
            </>
          );
        }}
      </Loadable>
    </>
  );
}
