import { Button, Card, Flex, Input, Popconfirm, Space, message } from 'antd';
import { useState } from 'react';
import { type Application, post } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

const OPEN = new Set(['operator_review', 'authority_evaluation', 'escalated', 'source_confirmation', 'returned']);

/** The applicant answers a return with more information, or withdraws an open application. */
export function ApplicantActions({ app, onDone }: { app: Application; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [note, setNote] = useState('');
  const [reasons, setReasons] = useState('');
  if (!OPEN.has(app.state)) return null;
  const resubmit = () =>
    action.run(async () => {
      await post<Application>(`/applications/${app.id}/resubmission`, s.lang, { note });
      void message.success(t('resubmitted'));
      setNote('');
      onDone();
    });
  const withdraw = () =>
    action.run(async () => {
      await post<Application>(`/applications/${app.id}/withdrawal`, s.lang, { reasons });
      void message.success(t('withdrawn'));
      onDone();
    });
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <ProblemAlert error={action.error} />
      <Flex vertical gap={12}>
        {app.state === 'returned' && (
          <Space.Compact style={{ width: '100%' }}>
            <Input placeholder={t('resubmitNote')} value={note} onChange={(e) => setNote(e.target.value)} />
            <Button type="primary" disabled={!note.trim()} loading={action.pending} onClick={() => void resubmit()}>
              {t('resubmit')}
            </Button>
          </Space.Compact>
        )}
        <Space.Compact style={{ width: '100%' }}>
          <Input placeholder={t('withdrawReasons')} value={reasons} onChange={(e) => setReasons(e.target.value)} />
          <Popconfirm title={t('withdraw')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => void withdraw()}>
            <Button danger disabled={!reasons.trim()} loading={action.pending}>
              {t('withdraw')}
            </Button>
          </Popconfirm>
        </Space.Compact>
      </Flex>
    </Card>
  );
}
