import { Table, Tag, Typography } from 'antd';
import { formatDateTime } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { approvals, ChecksTag, ExportStateTag } from './parts.tsx';
import type { ExportRequest } from './types.ts';
import { resultLabel, type ResultTables } from './useResultTables.ts';

/** Export requests with their state, checks and approvals; `reviewing` adds the caller's own part in the review. */
export function ExportsTable({ items, tables, reviewing, testId }: { items: ExportRequest[]; tables: ResultTables | undefined; reviewing?: boolean; testId: string }) {
  const s = useSession();
  const t = useT();
  const mine = (e: ExportRequest) => e.reviews.find((r) => r.reviewerUserId === s.me.user.id);
  return (
    <Table<ExportRequest>
      data-testid={testId}
      rowKey="id"
      size="small"
      dataSource={items}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        {
          title: t('exportRequest'),
          render: (_, e) => (
            <a href={href(`/exports/${e.id}`)} data-testid={`open-export-${e.id}`}>
              <Typography.Text ellipsis={{ tooltip: e.purpose }} style={{ maxWidth: 280, color: 'inherit' }}>
                {e.purpose}
              </Typography.Text>
            </a>
          ),
        },
        {
          title: t('exportResult'),
          render: (_, e) => (
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {resultLabel(tables?.byId.get(e.resultTableId), e.resultTableId)}
            </Typography.Text>
          ),
        },
        { title: t('applicant'), width: 200, render: (_, e) => orgName(s, e.orgId) },
        { title: t('exportFormat'), width: 96, render: (_, e) => e.format.toUpperCase() },
        { title: t('exportChecks'), width: 100, render: (_, e) => <ChecksTag e={e} /> },
        { title: t('state'), width: 100, render: (_, e) => <ExportStateTag state={e.state} /> },
        { title: t('exportApprovals'), width: 112, render: (_, e) => `${approvals(e)} / ${e.requiredReviewers}` },
        ...(reviewing
          ? [
              {
                title: t('exportMyReview'),
                render: (_: unknown, e: ExportRequest) => {
                  const r = mine(e);
                  if (!r) return <Tag color="gold">{t('exportAwaitingYou')}</Tag>;
                  return <Tag color="default">{t('exportYouReviewed')}</Tag>;
                },
              },
            ]
          : []),
        { title: t('submittedAt'), width: 150, render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.lang, e.requestedAt)}</span> },
      ]}
    />
  );
}
