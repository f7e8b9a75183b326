import { Button, Space, Tabs } from 'antd';
import { get, type Grant } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { DevWorkspace } from '../workspace/DevWorkspace.tsx';
import { GovernedWorkspace } from '../workspace/GovernedWorkspace.tsx';
import { JobsPanel } from '../workspace/JobsPanel.tsx';
import { QueryRecordPanel } from '../workspace/QueryRecordPanel.tsx';
import { PolicyPanel } from './PolicyPanel.tsx';

/** A grant: its policy, and for the assignee its workspaces — dev on the masked twin, governed queries, the record, jobs. */
export function GrantDetail({ id, tab }: { id: string; tab?: string }) {
  const s = useSession();
  const t = useT();
  const grant = useAsync(() => get<Grant>(`/grants/${id}`, s.lang), [id, s.lang]);
  return (
    <Loadable state={grant}>
      {(g) => {
        const assignee = g.assigneeOrgId === s.me.organization.id;
        const items = [
          { key: 'policy', label: t('policy'), children: <PolicyPanel grant={g} /> },
          ...(assignee
            ? [
                { key: 'dev', label: t('devWorkspace'), children: <DevWorkspace grant={g} /> },
                { key: 'prod', label: t('prodWorkspace'), children: <GovernedWorkspace grant={g} onSpent={grant.reload} /> },
              ]
            : []),
          { key: 'record', label: t('queryRecord'), children: <QueryRecordPanel grantId={g.id} /> },
          { key: 'jobs', label: t('jobs'), children: <JobsPanel grant={g} /> },
        ];
        return (
          <>
            <PageTitle
              extra={
                <Space>
                  <Button href={href(`/ledger/lineage?type=grant&id=${g.id}`)} data-testid="grant-lineage">
                    {t('lgShowLineage')}
                  </Button>
                  <Button href={href('/grants')}>{t('back')}</Button>
                </Space>
              }
            >
              <Space>
                <span>{t('grantDetail')}</span>
                <span>{g.policy.purpose?.scenario}</span>
                <StateTag prefix="gs_" value={g.state} />
              </Space>
            </PageTitle>
            <Tabs
              activeKey={items.some((i) => i.key === tab) ? tab : 'policy'}
              onChange={(k) => {
                window.location.hash = `/grants/${g.id}/${k}`;
              }}
              items={items}
              destroyOnHidden={false}
            />
          </>
        );
      }}
    </Loadable>
  );
}
