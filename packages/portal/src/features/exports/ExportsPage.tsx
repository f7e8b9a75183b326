import { Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { get, type Items } from '../../api.ts';
import { hasRole, useSession, useT } from '../../shared/context.ts';
import { routeQuery } from '../../shared/router.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ExportDetail } from './ExportDetail.tsx';
import { ExportRequestForm } from './ExportRequestForm.tsx';
import { ExportsTable } from './ExportsTable.tsx';
import type { ExportRequest } from './types.ts';
import { useResultTables } from './useResultTables.ts';

/**
 * Export review (出域審核): `#/exports` lists the requests the organization made (with a form to make one), awaits
 * (the authority's reviewers) or supervises (regulators, read-only); `#/exports/:id` is one request.
 * `#/exports?job=…&table=…` opens the form on that job's result table.
 */
export function ExportsPage({ id }: { id?: string | undefined }) {
  if (id) return <ExportDetail id={id} />;
  return <ExportsList />;
}

function ExportsList() {
  const s = useSession();
  const t = useT();
  const type = s.me.organization.type;
  const requester = (type === 'operator' || type === 'partner') && hasRole(s.me, 'admin', 'developer');
  const reviewer = type === 'authority' && hasRole(s.me, 'reviewer', 'admin');
  const query = routeQuery();
  const initial = { job: query.get('job'), table: query.get('table') };
  const [showForm, setShowForm] = useState(Boolean(initial.job));
  const exports = useAsync(() => get<Items<ExportRequest>>('/exports', s.lang), [s.lang]);
  const tables = useResultTables();
  const reload = () => {
    exports.reload();
    tables.reload();
  };
  const intro = requester ? t('exportsIntroRequester') : reviewer ? t('exportsIntroReviewer') : t('exportsIntroReader');
  return (
    <>
      <PageTitle
        extra={
          <Space>
            {requester && (
              <Button type={showForm ? 'default' : 'primary'} data-testid="new-export" onClick={() => setShowForm(!showForm)}>
                {showForm ? t('cancel') : t('newExport')}
              </Button>
            )}
            <Button onClick={reload}>{t('refresh')}</Button>
          </Space>
        }
      >
        {t('navExports')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      {requester && showForm && <Loadable state={tables}>{(tb) => <ExportRequestForm tables={tb} initial={initial} />}</Loadable>}
      {reviewer && (
        <Card title={t('exportQueue')} style={{ marginBottom: 16 }}>
          <Loadable state={exports} empty={t('noExportQueue')} isEmpty={(x) => !x.items.some((e) => e.state === 'awaiting_review')}>
            {(x) => <ExportsTable testId="export-queue" reviewing items={x.items.filter((e) => e.state === 'awaiting_review')} tables={tables.data} />}
          </Loadable>
        </Card>
      )}
      <Card title={requester ? t('exportsMine') : t('exportsAll')}>
        <Loadable state={exports} empty={t('noExports')} isEmpty={(x) => x.items.length === 0}>
          {(x) => <ExportsTable testId="exports" items={x.items} tables={tables.data} />}
        </Loadable>
      </Card>
    </>
  );
}
