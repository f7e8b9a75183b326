import { Button, Card, Col, Descriptions, Empty, Flex, Row, Table, Tag, Typography } from 'antd';
import { post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { Mono, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { Check } from './common.tsx';
import type { LedgerCheckpoint, LogKeys } from './types.ts';
import { checkNoteSignatures, type SignatureCheck } from './verify.ts';

/** Every signature line of a note, checked in the browser against the published keys. */
export function SignatureChecks({ note, keys }: { note: string; keys: LogKeys }) {
  const s = useSession();
  const t = useT();
  const vkeys = [...keys.keys.map((k) => k.vkey), ...keys.witnesses.map((w) => w.vkey)];
  const checks = useAsync(() => checkNoteSignatures(note, vkeys), [note, vkeys.join(' ')]);
  if (!checks.data) return <Typography.Text type="secondary">{t('lgVerifying')}</Typography.Text>;
  const text = (c: SignatureCheck) =>
    ({ valid: t('lgSigValid'), invalid: t('lgSigInvalid'), unsupported: t('lgSigUnsupported'), unknown_key: t('lgSigUnknownKey') })[c.verdict];
  return (
    <Flex vertical gap={6} data-testid="note-signatures">
      {checks.data.map((c) => (
        <Check key={`${c.name}-${c.keyId}`} ok={c.verdict === 'valid' ? true : c.verdict === 'invalid' ? false : undefined} testId={`signature-${c.kind}`}>
          <Tag>{c.kind === 'cosignature-v1' ? t('lgWitness') : c.kind}</Tag>
          <code style={{ fontSize: 12 }}>
            {c.name} {c.keyId}
          </code>{' '}
          · {text(c)}
          {c.time !== undefined && ` · ${t('lgCosignedAt')} ${formatDateTime(s.lang, new Date(c.time * 1000).toISOString())}`}
          {c.kind === 'sm2-sm3' && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('lgSm2Hint')}
            </Typography.Text>
          )}
        </Check>
      ))}
    </Flex>
  );
}

/** The latest signed checkpoint: its note, tree size and root, the log's signatures and the witnesses' cosignatures. */
export function CheckpointCard({ checkpoint, keys, onSigned }: { checkpoint: LedgerCheckpoint | null; keys: LogKeys; onSigned(): void }) {
  const s = useSession();
  const t = useT();
  const sign = useAction();
  const canSign = s.me.organization.type === 'authority' && hasRole(s.me, 'admin', 'reviewer');
  const extra = canSign ? (
    <Button size="small" loading={sign.pending} data-testid="sign-checkpoint" onClick={() => void sign.run(() => post('/ledger/checkpoints', s.lang)).then((r) => r && onSigned())}>
      {t('lgSignNow')}
    </Button>
  ) : undefined;
  return (
    <Card title={t('lgCheckpoint')} extra={extra} style={{ marginBottom: 16 }} data-testid="ledger-checkpoint">
      <ProblemAlert error={sign.error} />
      {!checkpoint ? (
        <Empty description={t('lgNoCheckpoint')} />
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={13}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'origin', label: t('lgOrigin'), children: <code>{keys.origin}</code> },
                { key: 'size', label: t('lgTreeSize'), children: <b data-testid="ledger-tree-size">{checkpoint.treeSize.toLocaleString()}</b> },
                { key: 'root', label: t('lgRootHash'), children: <Mono>{checkpoint.rootHash}</Mono> },
                { key: 'at', label: t('lgSignedAt'), children: formatDateTime(s.lang, checkpoint.createdAt) },
                { key: 'sigs', label: t('lgSignatures'), children: <SignatureChecks note={checkpoint.note} keys={keys} /> },
              ]}
            />
          </Col>
          <Col xs={24} xl={11}>
            <Typography.Text strong>{t('lgNote')}</Typography.Text>
            <pre data-testid="checkpoint-note" style={{ background: '#fafafa', border: '1px solid #f0f0f0', padding: 8, fontSize: 11, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: '6px 0 0' }}>
              {checkpoint.note}
            </pre>
            {checkpoint.cosignatures.length === 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('lgNoWitnesses')}
              </Typography.Text>
            )}
          </Col>
        </Row>
      )}
      <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
        {t('lgKeys')}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
          {t('lgKeysSource')}
        </Typography.Text>
      </Typography.Text>
      <Table
        data-testid="log-keys"
        tableLayout="fixed"
        size="small"
        rowKey="vkey"
        pagination={false}
        style={{ marginTop: 6 }}
        dataSource={[...keys.keys, ...keys.witnesses.map((w) => ({ name: w.name, type: `${t('lgWitness')} · ${orgName(s, w.orgId)}`, keyId: w.vkey.split('+')[1] ?? '', vkey: w.vkey }))]}
        columns={[
          { title: t('lgKeyType'), dataIndex: 'type', width: 260, ellipsis: true },
          { title: t('lgKeyId'), dataIndex: 'keyId', width: 100, render: (v: string) => <code>{v}</code> },
          {
            title: 'vkey',
            dataIndex: 'vkey',
            render: (v: string) => (
              <Typography.Text code copyable={{ text: v }} ellipsis={{ tooltip: v }} style={{ fontSize: 11, maxWidth: '100%' }}>
                {v}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
