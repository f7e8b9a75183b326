import { Table } from 'antd';
import type { Stage } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { Deadline } from '../../shared/Deadline.tsx';
import { StateTag } from '../../shared/ui.tsx';

/** Every stage of an application: who reviews, when it started, its deadline and countdown, its outcome. */
export function StagesTable({ stages }: { stages: Stage[] }) {
  const s = useSession();
  const t = useT();
  return (
    <Table<Stage>
      data-testid="stages"
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={stages}
      columns={[
        { title: t('stages'), render: (_, st) => `${label(s.lang, 'stage_', st.kind)} · ${t('round', { n: st.round })}` },
        { title: t('reviewer'), render: (_, st) => orgName(s, st.reviewerOrgId) },
        { title: t('startedAt'), width: 140, render: (_, st) => formatDateTime(s.lang, st.startedAt) },
        { title: t('deadline'), render: (_, st) => <Deadline stage={st} /> },
        { title: t('closedAt'), width: 140, render: (_, st) => formatDateTime(s.lang, st.closedAt) },
        { title: t('outcome'), render: (_, st) => (st.outcome ? <StateTag prefix="outcome_" value={st.outcome} /> : '—') },
        { title: t('reasons'), render: (_, st) => st.reasons ?? '—' },
      ]}
    />
  );
}
