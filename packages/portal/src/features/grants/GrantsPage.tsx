import { Button, Card, Progress, Table, Tag } from 'antd';
import { get, type Grant, type Items } from '../../api.ts';
import { formatDate, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';

/** Grants (usage policies) the organization is party to. */
export function GrantsPage() {
  const s = useSession();
  const t = useT();
  const grants = useAsync(() => get<Items<Grant>>('/grants', s.lang), [s.lang]);
  return (
    <>
      <PageTitle extra={<Button onClick={grants.reload}>{t('refresh')}</Button>}>{t('grants')}</PageTitle>
      <Card>
        <Loadable state={grants} empty={t('noGrants')} isEmpty={(g) => g.items.length === 0}>
          {(g) => (
            <Table<Grant>
              data-testid="grants"
              rowKey="id"
              dataSource={g.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('grant'), render: (_, x) => <a href={href(`/grants/${x.id}`)} data-testid="open-grant">{x.policy.purpose?.scenario ?? x.id.slice(0, 8)}</a> },
                { title: t('assignee'), render: (_, x) => orgName(s, x.assigneeOrgId) },
                { title: t('resources'), render: (_, x) => (x.policy.targets ?? []).map((tg) => <Tag key={tg.resource}>{tg.resource}</Tag>) },
                { title: t('modes'), render: (_, x) => (x.policy.modes ?? []).map((m) => <Tag key={m}>{label(s.lang, 'mode_', m)}</Tag>) },
                { title: t('state'), render: (_, x) => <StateTag prefix="gs_" value={x.state} /> },
                { title: t('validity_'), render: (_, x) => `${formatDate(s.lang, x.validFrom)} – ${formatDate(s.lang, x.validUntil)}` },
                {
                  title: t('epsilonSpent'),
                  width: 150,
                  render: (_, x) => (x.epsilonTotal ? <Progress size="small" percent={Math.round((x.epsilonSpent / x.epsilonTotal) * 100)} format={() => `${x.epsilonSpent}/${x.epsilonTotal}`} /> : '—'),
                },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
