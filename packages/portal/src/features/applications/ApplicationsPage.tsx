import { Button, Card, Space } from 'antd';
import { type Application, get, type Items } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { navigate } from '../../shared/router.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ApplicationsTable } from './ApplicationsTable.tsx';

/** The applications the organization is party to (all of them for the authority and regulators). */
export function ApplicationsPage() {
  const s = useSession();
  const t = useT();
  const apps = useAsync(() => get<Items<Application>>('/applications', s.lang), [s.lang]);
  const type = s.me.organization.type;
  const mine = type === 'partner' || type === 'operator';
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <Button onClick={apps.reload}>{t('refresh')}</Button>
            {mine && (
              <Button type="primary" onClick={() => navigate('/apply')} data-testid="new-application">
                {t('navApply')}
              </Button>
            )}
          </Space>
        }
      >
        {type === 'partner' ? t('myApplications') : t('allApplications')}
      </PageTitle>
      <Card>
        <Loadable state={apps} empty={t('noApplications')} isEmpty={(a) => a.items.length === 0}>
          {(a) => <ApplicationsTable items={[...a.items].sort((x, y) => y.submittedAt.localeCompare(x.submittedAt))} testId="applications" />}
        </Loadable>
      </Card>
    </>
  );
}
