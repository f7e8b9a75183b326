import { Button, DatePicker, Flex, Input, Modal, Space, Typography, message } from 'antd';
import { useState } from 'react';
import { type Organization, post } from '../../api.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

type Kind = 'suspension' | 'resumption' | 'termination';

/** Suspend (with a rectification deadline), resume or terminate an organization; effective on its very next request. */
export function OrgActions({ org, onDone }: { org: Organization; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const [open, setOpen] = useState<Kind | null>(null);
  const [reasons, setReasons] = useState('');
  const [due, setDue] = useState<string | null>(null);
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      await post(`/organizations/${org.id}/${open}`, s.lang, { reasons, ...(open === 'suspension' && due ? { rectificationDue: due } : {}) });
      void message.success(t('actionRecorded'));
      setOpen(null);
      setReasons('');
      setDue(null);
      onDone();
    });
  const titles: Record<Kind, string> = { suspension: t('suspend'), resumption: t('resume'), termination: t('terminate') };
  return (
    <>
      <Space>
        {org.status === 'active' && (
          <Button size="small" onClick={() => setOpen('suspension')}>
            {t('suspend')}
          </Button>
        )}
        {org.status === 'suspended' && (
          <Button size="small" onClick={() => setOpen('resumption')}>
            {t('resume')}
          </Button>
        )}
        {org.status !== 'terminated' && (
          <Button size="small" danger onClick={() => setOpen('termination')}>
            {t('terminate')}
          </Button>
        )}
      </Space>
      <Modal
        open={open !== null}
        title={open ? `${titles[open]} · ${orgName(s, org.id)}` : ''}
        okText={t('confirm')}
        cancelText={t('cancel')}
        okButtonProps={{ disabled: !reasons.trim(), loading: action.pending, danger: open === 'termination' }}
        onOk={() => void submit()}
        onCancel={() => setOpen(null)}
      >
        <ProblemAlert error={action.error} />
        <Flex vertical gap={8}>
          {open === 'termination' && <Typography.Text type="danger">{t('terminateWarning')}</Typography.Text>}
          <Input.TextArea rows={3} placeholder={t('reasons')} value={reasons} onChange={(e) => setReasons(e.target.value)} />
          {open === 'suspension' && <DatePicker placeholder={t('rectificationDue')} onChange={(_d, str) => setDue(typeof str === 'string' && str ? str : null)} />}
        </Flex>
      </Modal>
    </>
  );
}
