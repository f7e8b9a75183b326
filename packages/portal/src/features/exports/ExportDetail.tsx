import { Alert, Button, Card, Col, Descriptions, Flex, Row, Space, Steps, Typography } from 'antd';
import { get } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, Mono, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ChecksSummary } from './ChecksSummary.tsx';
import { DownloadPanel } from './DownloadPanel.tsx';
import { approvals, ExportStateTag } from './parts.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import type { ExportRequest } from './types.ts';
import { resultLabel, useResultTables } from './useResultTables.ts';

/** Where the request stands, in one sentence: blocked, awaiting (a second, distinct reviewer), released, rejected. */
function StateAlert({ e }: { e: ExportRequest }) {
  const t = useT();
  const n = approvals(e);
  switch (e.state) {
    case 'blocked':
      return <Alert type="error" showIcon title={t('exportBlockedAlert')} data-testid="export-state-alert" style={{ marginBottom: 16 }} />;
    case 'approved':
      return <Alert type="success" showIcon title={t('exportApprovedAlert')} data-testid="export-state-alert" style={{ marginBottom: 16 }} />;
    case 'rejected':
      return <Alert type="error" showIcon title={t('exportRejectedAlert')} data-testid="export-state-alert" style={{ marginBottom: 16 }} />;
    default:
      return n > 0 ? (
        <Alert type="warning" showIcon title={t('exportSecondReviewer', { n, m: e.requiredReviewers })} data-testid="export-second-reviewer-required" style={{ marginBottom: 16 }} />
      ) : (
        <Alert type="info" showIcon title={t('exportAwaitingFirst')} data-testid="export-state-alert" style={{ marginBottom: 16 }} />
      );
  }
}

/** The reviewers' decisions as slots: as many as the request needs distinct reviewers, each with its decision and reasons. */
function FourEyes({ e }: { e: ExportRequest }) {
  const s = useSession();
  const t = useT();
  const reviews = [...e.reviews].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
  const slots = Math.max(e.requiredReviewers, reviews.length);
  let nextShown = false;
  const items = Array.from({ length: slots }, (_, i) => {
    const r = reviews[i];
    if (r) {
      const you = r.reviewerUserId === s.me.user.id ? t('exportYou') : '';
      return {
        status: r.decision === 'approve' ? ('finish' as const) : ('error' as const),
        title: `${t('exportSlot', { n: i + 1 })} · ${label(s.lang, 'exd_', r.decision)}`,
        content: (
          <Flex vertical gap={2} data-testid={`export-review-${i + 1}`}>
            <Typography.Text type="secondary">
              {t('exportReviewer')} #{r.reviewerUserId.slice(0, 8)}
              {you} · {formatDateTime(s.lang, r.decidedAt)}
            </Typography.Text>
            {r.reasons && (
              <Typography.Text>
                {t('reasons')}
                {s.lang === 'en' ? ': ' : '：'}
                {r.reasons}
              </Typography.Text>
            )}
          </Flex>
        ),
      };
    }
    const current = e.state === 'awaiting_review' && !nextShown;
    nextShown ||= current;
    return {
      status: current ? ('process' as const) : ('wait' as const),
      title: t('exportSlot', { n: i + 1 }),
      content: (
        <Typography.Text type="secondary" data-testid={`export-review-${i + 1}`}>
          {t('exportSlotWaiting')}
          {i > 0 ? ` · ${t('exportSlotDistinct')}` : ''}
        </Typography.Text>
      ),
    };
  });
  return (
    <Card title={t('exportFourEyes')} size="small" style={{ marginBottom: 16 }} data-testid="export-four-eyes">
      <Steps orientation="vertical" size="small" current={e.state === 'awaiting_review' ? reviews.length : slots} items={items} />
    </Card>
  );
}

/** One export request: where it stands, what the checks found, the reviewers' decisions; the review or the download. */
export function ExportDetail({ id }: { id: string }) {
  const s = useSession();
  const t = useT();
  const exp = useAsync(() => get<ExportRequest>(`/exports/${id}`, s.lang), [id, s.lang]);
  const tables = useResultTables();
  const reviewer = s.me.organization.type === 'authority' && hasRole(s.me, 'reviewer', 'admin');
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <Button href={href('/exports')}>{t('back')}</Button>
            <Button onClick={exp.reload}>{t('refresh')}</Button>
          </Space>
        }
      >
        <Space>
          <span>{t('exportDetail')}</span>
          {exp.data && <ExportStateTag state={exp.data.state} />}
        </Space>
      </PageTitle>
      <Loadable state={exp}>
        {(e) => {
          const info = tables.data?.byId.get(e.resultTableId);
          const requester = e.orgId === s.me.organization.id && hasRole(s.me, 'admin', 'developer') && (s.me.organization.type === 'operator' || s.me.organization.type === 'partner');
          const reviewing = reviewer && (e.state === 'awaiting_review' || e.state === 'blocked');
          const panel = reviewing ? <ReviewPanel e={e} onDecided={exp.reload} /> : requester && e.state === 'approved' ? <DownloadPanel e={e} /> : null;
          // a request the checks blocked, that nobody has reviewed, has no review to follow: the checks take the page
          const fourEyes = e.state === 'blocked' && e.reviews.length === 0 ? null : <FourEyes e={e} />;
          const side = requester ? [panel, fourEyes] : [fourEyes, panel];
          return (
            <>
              <StateAlert e={e} />
              <Card size="small" style={{ marginBottom: 16 }}>
                <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="export-facts">
                  <Descriptions.Item label={t('exportPurpose')} span={{ xs: 1, md: 2, xl: 3 }}>
                    {e.purpose}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('exportResult')}>
                    <a href={href(`/grants/${e.grantId}/jobs`)}>
                      <Typography.Text code>{resultLabel(info, e.resultTableId)}</Typography.Text>
                    </a>
                    {info && (
                      <Typography.Text type="secondary">
                        {' '}
                        · {t('rows')} {info.result.rows}
                      </Typography.Text>
                    )}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('applicant')}>{orgName(s, e.orgId)}</Descriptions.Item>
                  <Descriptions.Item label={t('exportFormat')}>{e.format.toUpperCase()}</Descriptions.Item>
                  <Descriptions.Item label={t('submittedAt')}>{formatDateTime(s.lang, e.requestedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('decidedAt')}>{formatDateTime(s.lang, e.decidedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('exportRequiredReviewers')}>
                    <span data-testid="export-required-reviewers">{t('exportReviewersN', { n: e.requiredReviewers })}</span>
                  </Descriptions.Item>
                  {e.releaseSha256 && (
                    <Descriptions.Item label={t('exportReleaseSha')} span={{ xs: 1, md: 2, xl: 3 }}>
                      <Mono>{e.releaseSha256}</Mono>
                    </Descriptions.Item>
                  )}
                </Descriptions>
              </Card>
              <Row gutter={16}>
                <Col xs={24} xl={panel || fourEyes ? 14 : 24}>
                  <ChecksSummary e={e} />
                </Col>
                {(panel || fourEyes) && (
                  <Col xs={24} xl={10}>
                    {side[0]}
                    {side[1]}
                  </Col>
                )}
              </Row>
            </>
          );
        }}
      </Loadable>
    </>
  );
}
