import { Button, Card, Collapse, Space, Table, Typography, message } from 'antd';
import { get, type Grant, type Items, type Job, post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { ResultTable } from '../../shared/ResultTable.tsx';
import { Loadable, Mono, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';

/** Submitted jobs on the grants the organization reviews: the exact text, its hash and its dev run, to approve or reject. */
export function JobReviews() {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const jobs = useAsync(async () => {
    const grants = (await get<Items<Grant>>('/grants', s.lang)).items.filter((g) => g.state === 'active');
    const lists = await Promise.all(grants.map((g) => get<Items<Job>>(`/grants/${g.id}/jobs`, s.lang).then((j) => j.items.map((job) => ({ job, grant: g })))));
    return lists.flat().filter(({ job }) => job.state === 'submitted' && job.reviewerOrgIds.includes(s.me.organization.id) && !job.reviewedByOrgIds?.includes(s.me.organization.id));
  }, [s.lang]);
  const review = (job: Job, decision: 'approve' | 'reject') =>
    action.run(async () => {
      await post<Job>(`/jobs/${job.id}/review`, s.lang, { decision });
      void message.success(t('decisionRecorded'));
      jobs.reload();
    });
  const canReview = hasRole(s.me, 'reviewer', 'admin');
  return (
    <Card title={t('jobsAwaitingReview')}>
      <ProblemAlert error={action.error} />
      <Loadable state={jobs} empty={t('noReviews')} isEmpty={(j) => j.length === 0}>
        {(list) => (
          <Table
            rowKey={(r) => r.job.id}
            size="small"
            pagination={false}
            dataSource={list}
            expandable={{
              expandedRowRender: ({ job }) => (
                <>
                  {job.statements.map((st) => (
                    <div key={st.output}>
                      <Typography.Text strong>{st.output}</Typography.Text>
                      <pre style={{ background: '#f6f6f6', padding: 8, whiteSpace: 'pre-wrap' }}>{st.sql}</pre>
                    </div>
                  ))}
                  {job.devRun && (
                    <Collapse
                      items={job.devRun.outputs.map((o) => ({ key: o.output, label: `${t('devRunOutput')} · ${o.output} · ${t('rows')} ${o.rows}`, children: <ResultTable columns={o.columns} rows={o.sample} /> }))}
                    />
                  )}
                </>
              ),
            }}
            columns={[
              { title: t('jobName'), render: (_, r) => r.job.name },
              { title: t('assignee'), render: (_, r) => orgName(s, r.grant.assigneeOrgId) },
              { title: 'SHA-256', render: (_, r) => <Mono>{r.job.hash.slice(0, 16)}</Mono> },
              { title: t('submittedAt'), render: (_, r) => formatDateTime(s.lang, r.job.submittedAt) },
              {
                title: t('actions'),
                render: (_, r) =>
                  canReview && (
                    <Space>
                      <Button size="small" type="primary" data-testid={`job-approve-${r.job.name}`} loading={action.pending} onClick={() => void review(r.job, 'approve')}>
                        {t('approveJob')}
                      </Button>
                      <Button size="small" danger loading={action.pending} onClick={() => void review(r.job, 'reject')}>
                        {t('rejectJob')}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
