import { Table } from 'antd';
import type { Application } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { currentStage, Deadline } from '../../shared/Deadline.tsx';
import { href } from '../../shared/router.ts';
import { StateTag } from '../../shared/ui.tsx';

/** Applications with their current stage, its deadline and the countdown in working days. */
export function ApplicationsTable({ items, testId }: { items: Application[]; testId?: string }) {
  const s = useSession();
  const t = useT();
  return (
    <Table<Application>
      data-testid={testId}
      rowKey="id"
      size="middle"
      dataSource={items}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('number'), dataIndex: 'number', width: 150, render: (n: string, a) => <a href={href(`/applications/${a.id}`)} data-testid={`open-${n}`}>{n}</a> },
        { title: t('applicationTitle'), dataIndex: 'title' },
        { title: t('applicant'), render: (_, a) => orgName(s, a.applicantOrgId) },
        { title: t('state'), width: 120, render: (_, a) => <StateTag prefix="app_" value={a.state} /> },
        {
          title: t('deadline'),
          render: (_, a) => {
            const st = currentStage(a.stages);
            return st ? (
              <span>
                {label(s.lang, 'stage_', st.kind)}
                <br />
                <Deadline stage={st} />
              </span>
            ) : (
              '—'
            );
          },
        },
        { title: t('submittedAt'), width: 150, render: (_, a) => formatDateTime(s.lang, a.submittedAt) },
      ]}
    />
  );
}
