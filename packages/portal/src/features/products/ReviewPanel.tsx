import { Alert, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Radio, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { post } from '../../api.ts';
import { formatDateTime, label, type Lang } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import { ModelInspectionCard } from './ModelInspection.tsx';
import { CHECKLIST, type ChecklistItem, type Product, type ProductReview } from './types.ts';

/** What an item means (a model's raw-data item is about its inspection record), as `prh_` message. */
function hint(lang: Lang, item: ChecklistItem, product: Product): string {
  return label(lang, 'prh_', item === 'no_raw_data_output' && product.kind === 'model' ? 'no_raw_data_output_model' : item);
}

/** The review's outcome: each checklist item passed or not, the decision, reasons and time. */
export function ChecklistResults({ product, reviewing = false }: { product: Product; reviewing?: boolean }) {
  const s = useSession();
  const t = useT();
  if (product.state === 'submitted' && reviewing) return null;
  if (product.state === 'submitted') return <Alert type="info" showIcon title={t('prAwaitingReview')} style={{ marginBottom: 16 }} />;
  const checklist = product.checklist ?? {};
  return (
    <Card title={t('prChecklist')} size="small" style={{ marginBottom: 16 }} data-testid="review-results">
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'decision', label: t('decision'), children: <StateTag prefix="prs_" value={product.state} /> },
          { key: 'at', label: t('prDecidedAt'), children: formatDateTime(s.lang, product.decidedAt) },
          ...(product.reasons ? [{ key: 'reasons', label: t('reasons'), span: 2, children: product.reasons }] : []),
        ]}
      />
      <Table
        rowKey="item"
        size="small"
        pagination={false}
        dataSource={CHECKLIST.map((item) => ({ item, value: checklist[item] }))}
        columns={[
          { title: t('prChecklist'), render: (_, r) => label(s.lang, 'prchk_', r.item) },
          { title: t('description'), render: (_, r) => <Typography.Text type="secondary">{hint(s.lang, r.item, product)}</Typography.Text> },
          {
            title: t('outcome'),
            width: 100,
            render: (_, r) => (r.value === true ? <Tag color="green">{t('prPassed')}</Tag> : r.value === false ? <Tag color="red">{t('prFailed')}</Tag> : <Tag>{t('prNotChecked')}</Tag>),
          },
        ]}
      />
    </Card>
  );
}

/** The authority reviews a filed product against the compliance and security checklist, and decides with reasons. */
export function ReviewPanel({ product, onDone }: { product: Product; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [checked, setChecked] = useState<Partial<Record<ChecklistItem, boolean>>>({});
  const [decision, setDecision] = useState<ProductReview['decision']>('approve');
  const [reasons, setReasons] = useState('');
  const allPass = CHECKLIST.every((item) => checked[item] === true);
  const blocked = decision === 'approve' ? !allPass : !reasons.trim();

  const submit = () =>
    action.run(async () => {
      const body: ProductReview = { decision, checklist: Object.fromEntries(CHECKLIST.map((item) => [item, checked[item] === true])), ...(reasons.trim() ? { reasons: reasons.trim() } : {}) };
      await post<Product>(`/products/${product.id}/review`, s.lang, body);
      void message.success(t('decisionRecorded'));
      onDone();
    });

  return (
    <Card title={`${t('decide')} · ${t('prReview')}`} style={{ marginBottom: 16, borderColor: '#b71c1c' }} data-testid="review-panel">
      <ProblemAlert error={action.error} />
      {product.kind === 'model' && (
        <>
          <Alert type="warning" showIcon title={t('prModelReview')} description={`${t('prModelReviewNote')} ${t('prModelPublication')}`} style={{ marginBottom: 16 }} />
          <ModelInspectionCard product={product} reviewing />
        </>
      )}
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('prChecklist')}</Typography.Text>
        <Button size="small" onClick={() => setChecked(Object.fromEntries(CHECKLIST.map((item) => [item, true])))} data-testid="review-check-all">
          {t('prCheckAll')}
        </Button>
      </Flex>
      <Flex vertical gap={6} style={{ marginBottom: 16 }}>
        {CHECKLIST.map((item) => (
          <Checkbox key={item} checked={checked[item] === true} onChange={(e) => setChecked({ ...checked, [item]: e.target.checked })} data-testid={`review-check-${item}`}>
            <Typography.Text>{label(s.lang, 'prchk_', item)}</Typography.Text>
            <Typography.Text type="secondary"> — {hint(s.lang, item, product)}</Typography.Text>
          </Checkbox>
        ))}
      </Flex>
      <Form layout="vertical">
        <Form.Item label={t('decision')}>
          <Radio.Group
            value={decision}
            onChange={(e) => setDecision(e.target.value as ProductReview['decision'])}
            optionType="button"
            buttonStyle="solid"
            data-testid="review-decision"
            options={[
              { value: 'approve', label: t('prApprovePublish') },
              { value: 'reject', label: t('reject') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('reasons')} required={decision === 'reject'}>
          <Input.TextArea rows={2} value={reasons} onChange={(e) => setReasons(e.target.value)} maxLength={4000} data-testid="review-reasons" />
        </Form.Item>
        {blocked && <Alert type="info" title={decision === 'approve' ? t('prApproveNeedsAll') : t('prRejectNeedsReasons')} style={{ marginBottom: 12 }} />}
        <Button type="primary" loading={action.pending} disabled={blocked} onClick={() => void submit()} data-testid="review-submit">
          {t('prReviewSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
