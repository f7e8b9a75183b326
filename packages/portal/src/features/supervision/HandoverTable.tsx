import { Button, Card, Input, Space, Table, message } from 'antd';
import { useState } from 'react';
import { type HandoverTask, post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

/** Data deletion and handover tasks opened by a termination, confirmed by the authority with a note. */
export function HandoverTable({ tasks, canConfirm, onDone }: { tasks: HandoverTask[]; canConfirm: boolean; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const action = useAction();
  if (tasks.length === 0) return null;
  const confirm = (task: HandoverTask) =>
    action.run(async () => {
      await post(`/handover-tasks/${task.id}/confirmation`, s.lang, { note: notes[task.id] ?? '' });
      void message.success(t('actionRecorded'));
      onDone();
    });
  return (
    <Card title={t('handovers')}>
      <ProblemAlert error={action.error} />
      <Table<HandoverTask>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={tasks}
        columns={[
          { title: t('target'), render: (_, h) => orgName(s, h.orgId) },
          { title: t('createdAt'), render: (_, h) => formatDateTime(s.lang, h.openedAt) },
          { title: t('state'), render: (_, h) => <StateTag prefix="ho_" value={h.state} /> },
          {
            title: t('actions'),
            render: (_, h) =>
              h.state === 'open' && canConfirm ? (
                <Space.Compact>
                  <Input size="small" value={notes[h.id] ?? ''} onChange={(e) => setNotes({ ...notes, [h.id]: e.target.value })} />
                  <Button size="small" disabled={!(notes[h.id] ?? '').trim()} loading={action.pending} onClick={() => void confirm(h)}>
                    {t('confirm')}
                  </Button>
                </Space.Compact>
              ) : (
                h.note ?? '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
