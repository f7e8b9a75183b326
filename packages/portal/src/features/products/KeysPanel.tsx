import { Alert, Button, Card, Flex, Form, InputNumber, Progress, Select, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { Loadable, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { keyLabel, loadMyProductKeys, loadProductKeys } from './keys.ts';
import type { IssuedKey, Product, ProductKey } from './types.ts';

/** Today's calls (Beijing day) against the key's daily quota. */
export function QuotaBar({ k }: { k: Pick<ProductKey, 'callsToday' | 'quotaPerDay'> }) {
  const percent = Math.min(100, Math.round((k.callsToday / k.quotaPerDay) * 100));
  return <Progress size="small" percent={percent} status={k.callsToday >= k.quotaPerDay ? 'exception' : 'normal'} format={() => `${k.callsToday}/${k.quotaPerDay}`} />;
}

/** A key by its non-secret prefix. */
export function KeyPrefix({ k }: { k: Pick<ProductKey, 'id' | 'keyPrefix'> }) {
  return (
    <Typography.Text code data-testid={`key-prefix-${k.id}`}>
      {keyLabel(k)}
    </Typography.Text>
  );
}

export function KeyStatus({ k }: { k: Pick<ProductKey, 'revokedAt'> }) {
  const t = useT();
  return k.revokedAt ? <Tag color="red">{t('prRevoked')}</Tag> : <Tag color="green">{t('prKeyActive')}</Tag>;
}

/**
 * A product's keys: the provider issues them (shown once) and, like supervisors, sees every key of the product by its
 * prefix; a consumer sees its own keys of the product. Each with today's calls against the quota and all calls.
 */
export function KeysPanel({ product }: { product: Product }) {
  const s = useSession();
  const t = useT();
  const type = s.me.organization.type;
  const provider = product.orgId === s.me.organization.id;
  const all = provider || type === 'authority' || type === 'regulator';
  const keys = useAsync<ProductKey[]>(async () => (all ? loadProductKeys(s.lang, product.id) : (await loadMyProductKeys(s.lang)).filter((k) => k.productId === product.id)), [product.id, all, s.lang]);
  const canIssue = provider && hasRole(s.me, 'admin', 'developer');
  return (
    <>
      {canIssue && (product.state === 'approved' ? <IssueKey product={product} onIssued={keys.reload} /> : <Alert type="info" showIcon title={t('prOnlyApproved')} style={{ marginBottom: 16 }} />)}
      <Card title={all ? t('prKeys') : t('prMyKeys')} size="small" extra={<Button size="small" onClick={keys.reload} loading={keys.loading} data-testid="keys-refresh">{t('refresh')}</Button>}>
        <Loadable state={keys} empty={t('prNoKeys')} isEmpty={(k) => k.length === 0}>
          {(rows) => (
            <>
              <Typography.Paragraph type="secondary">{t('prKeysNote', { day: rows[0]!.day })}</Typography.Paragraph>
              <Table<ProductKey>
                data-testid="keys-table"
                rowKey="id"
                size="small"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={rows}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('prKeyId'), render: (_, k) => <KeyPrefix k={k} /> },
                  ...(all ? [{ title: t('prConsumer'), render: (_: unknown, k: ProductKey) => orgName(s, k.consumerOrgId) }] : []),
                  { title: t('scenario'), render: (_, k) => <Tag color="blue">{k.scenario}</Tag> },
                  { title: t('prRatePerMinute'), render: (_, k) => k.ratePerMinute },
                  { title: t('prCallsToday'), width: 160, render: (_, k) => <QuotaBar k={k} /> },
                  { title: t('prCallsTotal'), render: (_, k) => <span data-testid={`calls-total-${k.id}`}>{k.callsTotal}</span> },
                  { title: t('prIssuedAt'), render: (_, k) => formatDateTime(s.lang, k.createdAt) },
                  { title: t('prKeyStatus'), render: (_, k) => <KeyStatus k={k} /> },
                ]}
              />
            </>
          )}
        </Loadable>
      </Card>
    </>
  );
}

interface IssueValues {
  consumerOrgId: string;
  scenario: string;
  quotaPerDay: number;
  ratePerMinute: number;
}

function IssueKey({ product, onIssued }: { product: Product; onIssued(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const consumers = [...s.orgs.values()].filter((o) => o.type === 'consumer' && o.status === 'active');
  const [form] = Form.useForm<IssueValues>();
  const issue = (v: IssueValues) =>
    action.run(async () => {
      const key = await post<IssuedKey>(`/products/${product.id}/keys`, s.lang, v);
      setIssued(key);
      void message.success(t('done'));
      onIssued();
    });
  return (
    <Card title={t('prIssueKey')} size="small" style={{ marginBottom: 16 }} data-testid="issue-key">
      <Typography.Paragraph type="secondary">{t('prIssueIntro')}</Typography.Paragraph>
      <ProblemAlert error={action.error} />
      {issued && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('prKeyIssued')}
          description={
            <Flex vertical gap={4}>
              <Typography.Text code copyable style={{ fontSize: 14, wordBreak: 'break-all' }} data-testid="issued-key">
                {issued.key}
              </Typography.Text>
              <Typography.Text type="secondary">
                {orgName(s, issued.consumerOrgId)} · {issued.scenario} · {t('prQuotaPerDay')} {issued.quotaPerDay} · {t('prRatePerMinute')} {issued.ratePerMinute}
              </Typography.Text>
            </Flex>
          }
        />
      )}
      <Form<IssueValues>
        form={form}
        layout="inline"
        initialValues={{ consumerOrgId: consumers.length === 1 ? consumers[0]!.id : undefined, scenario: product.scenarios[0], quotaPerDay: 1000, ratePerMinute: 60 }}
        onFinish={(v) => void issue(v)}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="consumerOrgId" label={t('prConsumer')} rules={[{ required: true, message: t('required') }]}>
          <Select data-testid="key-consumer" style={{ width: 260 }} options={consumers.map((o) => ({ value: o.id, label: orgName(s, o.id) }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="scenario" label={t('scenario')} rules={[{ required: true, message: t('required') }]}>
          <Select data-testid="key-scenario" style={{ width: 240 }} options={product.scenarios.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
        <Form.Item name="quotaPerDay" label={t('prQuotaPerDay')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber data-testid="key-quota" min={1} max={10_000_000} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="ratePerMinute" label={t('prRatePerMinute')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber data-testid="key-rate" min={1} max={100_000} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={action.pending} data-testid="key-issue">
            {t('prIssueKey')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
