import { Button, Card, Input, Radio, Space, Table, message } from 'antd';
import { useState } from 'react';
import { type Application, type Escalation, post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { hasRole, useSession, useT } from '../../shared/context.ts';
import { ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

/** Cross-level or cross-region data: the authority records the escalation to the city authority and, later, its answer. */
export function EscalationPanel({ app, onDone }: { app: Application; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState('');
  const [outcome, setOutcome] = useState<'agreed' | 'refused'>('agreed');
  const isAuthority = s.me.organization.type === 'authority' && hasRole(s.me, 'reviewer', 'admin');
  const canEscalate = isAuthority && app.state === 'authority_evaluation';
  const canAnswer = isAuthority && app.state === 'escalated';
  if (app.escalations.length === 0 && !canEscalate) return null;

  const escalate = () =>
    action.run(async () => {
      await post<Application>(`/applications/${app.id}/escalation`, s.lang, { reason });
      void message.success(t('escalated'));
      onDone();
    });
  const record = () =>
    action.run(async () => {
      await post<Application>(`/applications/${app.id}/escalation/answer`, s.lang, { outcome, answer });
      void message.success(t('actionRecorded'));
      onDone();
    });

  return (
    <Card title={t('escalation')} style={{ marginBottom: 16 }}>
      <ProblemAlert error={action.error} />
      {app.escalations.length > 0 && (
        <Table<Escalation>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={app.escalations}
          columns={[
            { title: t('escalationReason'), dataIndex: 'reason' },
            { title: t('createdAt'), width: 140, render: (_, e) => formatDateTime(s.lang, e.escalatedAt) },
            { title: t('outcome'), render: (_, e) => (e.outcome ? <StateTag prefix="esc_" value={e.outcome} /> : '—') },
            { title: t('escalationAnswer'), render: (_, e) => e.answer ?? '—' },
          ]}
        />
      )}
      {canEscalate && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input placeholder={t('escalationReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button disabled={!reason.trim()} loading={action.pending} onClick={() => void escalate()}>
            {t('escalate')}
          </Button>
        </Space.Compact>
      )}
      {canAnswer && (
        <Space wrap style={{ marginTop: 12 }}>
          <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value as 'agreed' | 'refused')} options={[{ value: 'agreed', label: t('esc_agreed') }, { value: 'refused', label: t('esc_refused') }]} />
          <Input placeholder={t('escalationAnswer')} value={answer} onChange={(e) => setAnswer(e.target.value)} style={{ width: 360 }} />
          <Button disabled={!answer.trim()} loading={action.pending} onClick={() => void record()}>
            {t('recordAnswer')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
