import { Button, Card, Typography } from 'antd';
import { type Application, get, type Items } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ApplicationsTable } from '../applications/ApplicationsTable.tsx';
import { JobReviews } from './JobReviews.tsx';

/** What awaits the organization: application stages (operator, authority, source department), expert opinions, job reviews. */
export function ReviewQueue() {
  const s = useSession();
  const t = useT();
  const type = s.me.organization.type;
  const isExpert = type === 'expert';
  const apps = useAsync(async () => {
    if (!isExpert) return (await get<Items<Application>>('/applications?awaitingMe=true', s.lang)).items;
    const all = (await get<Items<Application>>('/applications', s.lang)).items;
    return all.filter((a) => a.opinions.some((o) => o.expertOrgId === s.me.organization.id && !o.submittedAt));
  }, [s.lang, isExpert]);
  return (
    <>
      <PageTitle extra={<Button onClick={apps.reload}>{t('refresh')}</Button>}>{t('reviewQueue')}</PageTitle>
      <Typography.Paragraph type="secondary">{isExpert ? t('myOpinionRequests') : t('reviewIntro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Loadable state={apps} empty={t('noReviews')} isEmpty={(a) => a.length === 0}>
          {(a) => <ApplicationsTable items={a} testId="review-queue" />}
        </Loadable>
      </Card>
      {(type === 'operator' || type === 'authority') && <JobReviews />}
    </>
  );
}
