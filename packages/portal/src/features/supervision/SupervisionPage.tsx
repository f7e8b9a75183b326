import { Alert, Card, Table, Typography } from 'antd';
import { get, type Organization, type Supervision } from '../../api.ts';
import { formatDate, formatDateTime, label } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { Loadable, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { OrgActions } from './OrgActions.tsx';
import { HandoverTable } from './HandoverTable.tsx';

/** Supervision (Art. 14, 29, 30, 39): suspend, resume or terminate operators and partners; the record and the handover tasks. */
export function SupervisionPage() {
  const s = useSession();
  const t = useT();
  const data = useAsync(async () => {
    const [sup, orgs] = await Promise.all([get<Supervision>('/supervision', s.lang), get<{ items: Organization[] }>('/organizations', s.lang)]);
    return { sup, orgs: orgs.items.filter((o) => o.type === 'operator' || o.type === 'partner') };
  }, [s.lang]);
  const canAct = s.me.organization.type === 'authority' && hasRole(s.me, 'admin', 'reviewer');
  return (
    <>
      <PageTitle>{t('supervision')}</PageTitle>
      {s.me.organization.type === 'regulator' && <Alert type="info" showIcon title={t('chartsLater')} style={{ marginBottom: 16 }} />}
      <Loadable state={data}>
        {({ sup, orgs }) => (
          <>
            <Card title={t('organizations')} style={{ marginBottom: 16 }}>
              <Table<Organization>
                data-testid="supervised-orgs"
                rowKey="id"
                size="small"
                dataSource={orgs}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('organization'), render: (_, o) => orgName(s, o.id) },
                  { title: t('orgType'), render: (_, o) => label(s.lang, 'org_', o.type) },
                  { title: t('orgStatus'), render: (_, o) => <StateTag prefix="status_" value={o.status} /> },
                  ...(canAct ? [{ title: t('actions'), key: 'a', render: (_: unknown, o: Organization) => <OrgActions org={o} onDone={data.reload} /> }] : []),
                ]}
              />
            </Card>
            <Card title={t('supervisionActions')} style={{ marginBottom: 16 }}>
              {sup.actions.length === 0 ? (
                <Typography.Text type="secondary">{t('noSupervision')}</Typography.Text>
              ) : (
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={sup.actions}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('actedAt'), render: (_, a) => formatDateTime(s.lang, a.actedAt) },
                    { title: t('target'), render: (_, a) => orgName(s, a.targetOrgId) },
                    { title: t('actions'), render: (_, a) => <StateTag prefix="act_" value={a.kind} /> },
                    { title: t('reasons'), dataIndex: 'reasons' },
                    { title: t('rectificationDue'), render: (_, a) => formatDate(s.lang, a.rectificationDue) },
                  ]}
                />
              )}
            </Card>
            <HandoverTable tasks={sup.handovers} canConfirm={canAct} onDone={data.reload} />
          </>
        )}
      </Loadable>
    </>
  );
}
