import { Button, Card, Descriptions, Flex, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { post } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import { COST_ITEMS, type CostAccount, type CostAccountInput, type Product } from './types.ts';

const yuan = /^\d{1,12}(\.\d{1,4})?$/;
const percent = /^\d{1,2}(\.\d{1,4})?$/;

/** The form holds exactly the request body. */
type Values = CostAccountInput;

/**
 * A product's cost accounting for a year (Art. 23): the provider (or the authority, a regulator) states the operating
 * costs; revenue and volume come from the metered calls. The answer: margin against its ceiling, price cap, ±10% rule.
 */
export function CostAccountPanel({ product }: { product: Product }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [account, setAccount] = useState<CostAccount | null>(null);
  const [form] = Form.useForm<Values>();
  const yuanRule = { pattern: yuan, message: '0.00' };

  const submit = (v: Values) =>
    action.run(async () => {
      const body: CostAccountInput = {
        year: v.year,
        costs: v.costs.map((c) => ({ item: c.item, amount: c.amount.trim() })),
        treasuryYield10yAverage: v.treasuryYield10yAverage.trim(),
        ...(v.subsidies?.trim() ? { subsidies: v.subsidies.trim() } : {}),
        ...(v.taxes?.trim() ? { taxes: v.taxes.trim() } : {}),
        ...(v.marginRate?.trim() ? { marginRate: v.marginRate.trim() } : {}),
      };
      setAccount(await post<CostAccount>(`/products/${product.id}/cost-accounts`, s.lang, body));
    });

  const y = (v: string) => t('prYuanFmt', { v });
  return (
    <Card title={t('prCost')} size="small" data-testid="cost-account">
      <Typography.Paragraph type="secondary">{t('prCostIntro')}</Typography.Paragraph>
      <ProblemAlert error={action.error} />
      <Form<Values> form={form} layout="vertical" initialValues={{ year: Number(new Date().toISOString().slice(0, 4)), costs: [{ item: 'platform_build_and_operation', amount: '' }] }} onFinish={(v) => void submit(v)}>
        <Flex gap={16} wrap>
          <Form.Item name="year" label={t('prYear')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber min={2020} max={2100} precision={0} style={{ width: 120 }} data-testid="cost-year" />
          </Form.Item>
          <Form.Item name="treasuryYield10yAverage" label={t('prTreasury')} rules={[{ required: true, pattern: percent, message: '2.35' }]}>
            <Input style={{ width: 160 }} placeholder="2.35" data-testid="cost-treasury" />
          </Form.Item>
          <Form.Item name="marginRate" label={t('prMarginRate')} rules={[{ pattern: percent, message: '8.35' }]}>
            <Input style={{ width: 160 }} data-testid="cost-margin" />
          </Form.Item>
          <Form.Item name="subsidies" label={t('prSubsidies')} rules={[yuanRule]}>
            <Input style={{ width: 160 }} placeholder="0" data-testid="cost-subsidies" />
          </Form.Item>
          <Form.Item name="taxes" label={t('prTaxes')} rules={[yuanRule]}>
            <Input style={{ width: 160 }} placeholder="0" data-testid="cost-taxes" />
          </Form.Item>
        </Flex>
        <Form.List name="costs">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={12} align="start" wrap>
                  <Form.Item name={[field.name, 'item']} label={i === 0 ? t('prCostItem') : undefined} rules={[{ required: true, message: t('required') }]} style={{ flex: '1 1 320px' }}>
                    <Select options={COST_ITEMS.map((c) => ({ value: c, label: label(s.lang, 'prcost_', c) }))} data-testid={`cost-item-${i}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} label={i === 0 ? t('prAmount') : undefined} rules={[{ required: true, message: t('required') }, yuanRule]}>
                    <Input style={{ width: 180 }} data-testid={`cost-amount-${i}`} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button onClick={() => remove(field.name)} style={{ marginTop: i === 0 ? 30 : 0 }}>
                      {t('prRemove')}
                    </Button>
                  )}
                </Flex>
              ))}
              <Button onClick={() => add({ item: 'other', amount: '' })} style={{ marginBottom: 16 }} data-testid="cost-add">
                {t('prAddCost')}
              </Button>
            </>
          )}
        </Form.List>
        <div>
          <Button type="primary" htmlType="submit" loading={action.pending} data-testid="cost-submit">
            {t('prAccount')}
          </Button>
        </div>
      </Form>
      {account && (
        <div data-testid="cost-result" style={{ marginTop: 16 }}>
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Tag color={account.withinCap ? 'green' : 'red'} data-testid="cost-within-cap">
              {account.withinCap ? t('prWithinCap') : t('prAboveCap')}
            </Tag>
            <Tag color={account.deviationFlag ? 'red' : 'green'} data-testid="cost-deviation-flag">
              {account.deviationFlag ? t('prDeviationFlag') : t('prDeviationOk')} ({account.deviation}%)
            </Tag>
            <Tag>
              {t('prAdjustment')}: {label(s.lang, 'pradj_', account.adjustment)}
            </Tag>
          </Flex>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'cost', label: t('prTotalCost'), children: y(account.totalCost) },
              { key: 'margin', label: `${t('prAllowedMargin')} / ${t('prMarginCeiling')}`, children: `${account.allowedMarginRate}% / ${account.marginCeiling}%` },
              { key: 'profit', label: t('prAllowedProfit'), children: y(account.allowedProfit) },
              { key: 'max', label: t('prMaxRevenue'), children: y(account.maxAllowedRevenue) },
              { key: 'revenue', label: t('prRevenue'), children: y(account.revenue) },
              { key: 'actualMargin', label: t('prActualMargin'), children: account.actualMarginRate === null ? '—' : `${account.actualMarginRate}%` },
              { key: 'cap', label: t('prPriceCap'), children: y(account.priceCap) },
              { key: 'price', label: `${t('prActualPrice')} / ${t('prAvgPrice')}`, children: `${y(account.actualPrice)} / ${y(account.averageRealizedPrice)}` },
              { key: 'deviation', label: t('prDeviation'), children: `${account.deviation}%` },
              { key: 'excess', label: t('prExcess'), children: y(account.excessRevenue) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
