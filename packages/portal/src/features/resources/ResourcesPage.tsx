import { Button, Card, Flex, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import { type Key, useState } from 'react';
import { type CatalogEntry, get, type Items, post, type Resource } from '../../api.ts';
import { label } from '../../i18n.ts';
import { forgetCatalog, resourceName } from '../../shared/catalog.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { CatalogReview } from './CatalogReview.tsx';
import { RegisterResourceForm } from './RegisterResourceForm.tsx';
import { canRegister } from './registration.ts';
import { ResourceWorkbench } from './ResourceWorkbench.tsx';

/** `#/resources` (the list), `#/resources/new` (the registration form), `#/resources/:id` (the list, that resource open). */
export function ResourcesPage({ id }: { id?: string | undefined }) {
  if (id === 'new') return <RegisterResourceForm />;
  return <ResourceList open={id} />;
}

/**
 * Data resources. A source department sees its own: registers new ones, drafts and submits their catalog entries,
 * uploads versions, confirms the PII found in them and reads their quality profiles (open a row). The authority
 * reviews submitted entries and publishes catalog editions above the list of every resource; regulators read.
 */
function ResourceList({ open }: { open: string | undefined }) {
  const s = useSession();
  const t = useT();
  const data = useAsync(async () => {
    const [resources, entries] = await Promise.all([get<Items<Resource>>('/resources', s.lang), get<Items<CatalogEntry>>('/catalog/entries', s.lang)]);
    return { resources: resources.items, entries: entries.items };
  }, [s.lang]);
  const action = useAction();
  const isDepartment = s.me.organization.type === 'source_department';
  const isAuthority = s.me.organization.type === 'authority';
  const canAct = hasRole(s.me, 'admin', 'reviewer');
  const [expanded, setExpanded] = useState<readonly Key[]>(open ? [open] : []);

  const draft = (r: Resource) =>
    action.run(async () => {
      await post<CatalogEntry>('/catalog/entries', s.lang, { resourceId: r.id });
      void message.success(t('entryDrafted'));
      data.reload();
    });
  const submit = (e: CatalogEntry) =>
    action.run(async () => {
      await post<CatalogEntry>(`/catalog/entries/${e.id}/submit`, s.lang);
      void message.success(t('entrySubmitted'));
      forgetCatalog();
      data.reload();
    });
  const withdraw = (e: CatalogEntry) =>
    action.run(async () => {
      await post<CatalogEntry>(`/catalog/entries/${e.id}/withdraw`, s.lang);
      void message.success(t('ingWithdrawn'));
      forgetCatalog();
      data.reload();
    });

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button onClick={data.reload}>{t('refresh')}</Button>
            {canRegister(s.me) && (
              <Button type="primary" href={href('/resources/new')} data-testid="register-resource">
                {t('regButton')}
              </Button>
            )}
          </Space>
        }
      >
        {isDepartment ? t('myResources') : t('navResources')}
      </PageTitle>
      <ProblemAlert error={action.error} />
      {isDepartment && (
        <Typography.Paragraph type="secondary">{t('ingIntro')}</Typography.Paragraph>
      )}
      {isAuthority && canAct && data.data && <CatalogReview resources={data.data.resources} onChanged={data.reload} />}
      <Loadable state={data} isEmpty={(d) => d.resources.length === 0}>
        {({ resources, entries }) => {
          const entryOf = (r: Resource) => entries.filter((e) => e.resourceId === r.id).at(-1);
          return (
            <Card>
              <Table<Resource>
                data-testid="resources"
                rowKey="id"
                dataSource={resources}
                pagination={{ pageSize: 10, hideOnSinglePage: true, defaultCurrent: Math.floor(Math.max(0, resources.findIndex((r) => r.id === open)) / 10) + 1 }}
                expandable={{
                  expandedRowKeys: expanded,
                  onExpandedRowsChange: setExpanded,
                  expandedRowRender: (r) => <ResourceWorkbench resource={r} onChanged={data.reload} />,
                  expandRowByClick: false,
                  expandIcon: ({ expanded, onExpand, record }) => (
                    <Button size="small" type={expanded ? 'primary' : 'default'} onClick={(e) => onExpand(record, e)} data-testid={`open-${record.code}`}>
                      {expanded ? t('ingClose') : t('open')}
                    </Button>
                  ),
                }}
                columns={[
                  { title: t('code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
                  { title: t('name'), render: (_, r) => resourceName(s.lang, r) },
                  ...(isDepartment ? [] : [{ title: t('publisher'), key: 'org', render: (_: unknown, r: Resource) => orgName(s, r.orgId) }]),
                  { title: t('grade'), render: (_, r) => label(s.lang, 'grade_', r.grade) },
                  { title: t('openness'), render: (_, r) => <Tag>{label(s.lang, 'open_', r.openness)}</Tag> },
                  {
                    title: t('catalogState'),
                    render: (_, r) => {
                      const e = entryOf(r);
                      return (
                        <Flex vertical gap={2}>
                          {r.catalogState ? <StateTag prefix="cat_" value={r.catalogState} /> : <Tag>{t('notInCatalog')}</Tag>}
                          {e?.reasons && <span style={{ fontSize: 12, color: '#a15c00' }}>{t('reasons')}: {e.reasons}</span>}
                        </Flex>
                      );
                    },
                  },
                  ...((isDepartment || isAuthority) && canAct
                    ? [
                        {
                          title: t('actions'),
                          key: 'actions',
                          render: (_: unknown, r: Resource) => {
                            const e = entryOf(r);
                            return (
                              <Space wrap>
                                {isDepartment && (!e || e.state === 'withdrawn' || e.state === 'rejected') && (
                                  <Button size="small" loading={action.pending} onClick={() => void draft(r)} data-testid={`draft-entry-${r.code}`}>
                                    {t('draftEntry')}
                                  </Button>
                                )}
                                {isDepartment && e && (e.state === 'draft' || e.state === 'returned') && (
                                  <Button size="small" type="primary" loading={action.pending} onClick={() => void submit(e)} data-testid={`submit-entry-${r.code}`}>
                                    {t('submitEntry')}
                                  </Button>
                                )}
                                {e && (e.state === 'approved' || e.state === 'published') && (
                                  <Popconfirm title={t('ingWithdrawConfirm')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => void withdraw(e)}>
                                    <Button size="small" danger loading={action.pending} data-testid={`withdraw-entry-${r.code}`}>
                                      {t('ingWithdraw')}
                                    </Button>
                                  </Popconfirm>
                                )}
                              </Space>
                            );
                          },
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          );
        }}
      </Loadable>
    </>
  );
}
