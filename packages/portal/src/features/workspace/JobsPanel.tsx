import { Button, Card, Collapse, Empty, Space, Table, Tag, Typography, message } from 'antd';
import { get, type Grant, type Items, type Job, post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { ResultTable } from '../../shared/ResultTable.tsx';
import { navigate } from '../../shared/router.ts';
import { Loadable, Mono, ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { JobEditor } from './JobEditor.tsx';

/** Jobs (code to data): save, dev-run on the twin, submit; reviewers approve the exact text; the assignee runs it on real data. */
export function JobsPanel({ grant }: { grant: Grant }) {
  const s = useSession();
  const t = useT();
  const jobs = useAsync(() => get<Items<Job>>(`/grants/${grant.id}/jobs`, s.lang), [grant.id, s.lang]);
  const action = useAction();
  const assignee = grant.assigneeOrgId === s.me.organization.id && hasRole(s.me, 'developer', 'admin');
  const step = (job: Job, what: 'dev-run' | 'submission' | 'run') =>
    action.run(async () => {
      await post<Job>(`/jobs/${job.id}/${what}`, s.lang, what === 'submission' ? {} : undefined);
      void message.success(t('done'));
      jobs.reload();
    });
  const review = (job: Job, decision: 'approve' | 'reject') =>
    action.run(async () => {
      await post<Job>(`/jobs/${job.id}/review`, s.lang, { decision });
      void message.success(t('decisionRecorded'));
      jobs.reload();
    });
  return (
    <>
      {assignee && grant.state === 'active' && <JobEditor grant={grant} onSaved={jobs.reload} />}
      <ProblemAlert error={action.error} />
      <Card title={t('jobs')} extra={<Button onClick={jobs.reload}>{t('refresh')}</Button>}>
        <Loadable state={jobs} empty={t('noJobs')} isEmpty={(j) => j.items.length === 0}>
          {(j) => (
            <Table<Job>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={j.items}
              expandable={{
                expandedRowRender: (job) => (
                  <>
                    {job.statements.map((st) => (
                      <div key={st.output}>
                        <Typography.Text strong>{st.output}</Typography.Text>
                        <pre style={{ background: '#f6f6f6', padding: 8, whiteSpace: 'pre-wrap', margin: '4px 0 8px' }}>{st.sql}</pre>
                      </div>
                    ))}
                    {job.devRun ? (
                      <Collapse
                        items={job.devRun.outputs.map((o) => ({ key: o.output, label: `${t('devRunOutput')} · ${o.output} · ${t('rows')} ${o.rows}`, children: <ResultTable columns={o.columns} rows={o.sample} /> }))}
                      />
                    ) : null}
                    {job.results.length > 0 && (
                      <Table
                        title={() => t('resultTables')}
                        rowKey="name"
                        size="small"
                        pagination={false}
                        dataSource={job.results}
                        columns={[
                          { title: t('output'), dataIndex: 'name' },
                          { title: t('rows'), dataIndex: 'rows' },
                          { title: 'SHA-256', render: (_, r) => <Mono>{r.sha256.slice(0, 16)}</Mono> },
                          { title: t('createdAt'), render: (_, r) => formatDateTime(s.lang, r.createdAt) },
                          ...(assignee && job.state === 'succeeded' && (grant.policy.modes ?? []).includes('export')
                            ? [{ title: t('actions'), render: (_: unknown, r: Job['results'][number]) => <Button size="small" data-testid={`request-export-${r.name}`} onClick={() => navigate(`/exports?job=${job.id}&table=${encodeURIComponent(r.name)}`)}>{t('exportRequestThis')}</Button> }]
                            : []),
                        ]}
                      />
                    )}
                    {!job.devRun && job.results.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                  </>
                ),
              }}
              columns={[
                { title: t('jobName'), dataIndex: 'name' },
                { title: t('state'), render: (_, job) => <StateTag prefix="js_" value={job.state} /> },
                { title: 'SHA-256', render: (_, job) => <Mono>{job.hash.slice(0, 16)}</Mono> },
                { title: t('reviewers'), render: (_, job) => job.reviewerOrgIds.map((id) => <Tag key={id}>{orgName(s, id)}</Tag>) },
                { title: t('createdAt'), render: (_, job) => formatDateTime(s.lang, job.createdAt) },
                {
                  title: t('actions'),
                  render: (_, job) => (
                    <Space wrap>
                      {assignee && job.state === 'draft' && (
                        <Button size="small" data-testid={`job-dev-run-${job.name}`} loading={action.pending} onClick={() => void step(job, 'dev-run')}>
                          {t('devRun')}
                        </Button>
                      )}
                      {assignee && job.state === 'draft' && job.devRun && (
                        <Button size="small" type="primary" data-testid={`job-submit-${job.name}`} loading={action.pending} onClick={() => void step(job, 'submission')}>
                          {t('submitJob')}
                        </Button>
                      )}
                      {assignee && job.state === 'approved' && (
                        <Button size="small" type="primary" data-testid={`job-run-${job.name}`} loading={action.pending} onClick={() => void step(job, 'run')}>
                          {t('runJob')}
                        </Button>
                      )}
                      {job.state === 'submitted' && job.reviewerOrgIds.includes(s.me.organization.id) && !job.reviewedByOrgIds?.includes(s.me.organization.id) && hasRole(s.me, 'reviewer', 'admin') && (
                        <>
                          <Button size="small" type="primary" loading={action.pending} onClick={() => void review(job, 'approve')}>
                            {t('approveJob')}
                          </Button>
                          <Button size="small" danger loading={action.pending} onClick={() => void review(job, 'reject')}>
                            {t('rejectJob')}
                          </Button>
                        </>
                      )}
                      {job.errorCode && <Tag color="red">{job.errorCode}</Tag>}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
