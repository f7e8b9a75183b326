import { Button, Card, Space, Table, message } from 'antd';
import { type Admission, get, type Items, post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { Loadable, PageTitle, ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { AdmissionForm } from './AdmissionForm.tsx';

/** Partner admission (Art. 17): partners apply to an operator; the operator admits or refuses; the authority sees the filings. */
export function AdmissionsPage() {
  const s = useSession();
  const t = useT();
  const admissions = useAsync(() => get<Items<Admission>>('/admissions', s.lang), [s.lang]);
  const action = useAction();
  const type = s.me.organization.type;
  const canDecide = type === 'operator' && hasRole(s.me, 'admin', 'reviewer');

  const decide = (a: Admission, decision: 'admit' | 'refuse') =>
    action.run(async () => {
      await post<Admission>(`/admissions/${a.id}/decision`, s.lang, { decision });
      void message.success(t('decisionRecorded'));
      admissions.reload();
    });

  return (
    <>
      <PageTitle>{type === 'partner' ? t('admissionTitle') : t('admissionQueue')}</PageTitle>
      {type === 'partner' && <AdmissionForm onDone={admissions.reload} />}
      <ProblemAlert error={action.error} />
      <Card title={t('myAdmissions')}>
        <Loadable state={admissions} isEmpty={(a) => a.items.length === 0}>
          {(a) => (
            <Table<Admission>
              rowKey="id"
              size="middle"
              dataSource={a.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('partner'), render: (_, x) => orgName(s, x.partnerOrgId) },
                { title: t('operator'), render: (_, x) => orgName(s, x.operatorOrgId) },
                { title: t('businessScope'), render: (_, x) => x.qualifications.businessScope },
                { title: t('state'), render: (_, x) => <StateTag prefix="adm_" value={x.state} /> },
                { title: t('appliedAt'), render: (_, x) => formatDateTime(s.lang, x.appliedAt) },
                { title: t('filedAt'), render: (_, x) => formatDateTime(s.lang, x.filedAt) },
                ...(canDecide
                  ? [
                      {
                        title: t('actions'),
                        key: 'a',
                        render: (_: unknown, x: Admission) =>
                          x.state === 'applied' && (
                            <Space>
                              <Button size="small" type="primary" loading={action.pending} onClick={() => void decide(x, 'admit')}>
                                {t('admit')}
                              </Button>
                              <Button size="small" danger loading={action.pending} onClick={() => void decide(x, 'refuse')}>
                                {t('refuse')}
                              </Button>
                            </Space>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
