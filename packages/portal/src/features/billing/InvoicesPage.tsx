import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { get } from '../../api.ts';
import { formatDateTime, label, type Lang } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { navigate } from '../../shared/router.ts';
import { Loadable, Mono, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { type Invoice, type InvoiceDocument, type InvoiceLine, type MeasuredUnit, USAGE_KINDS, type UsageKind } from './types.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month now in Beijing (UTC+8 all year): invoices are cut by Beijing-time months. */
export function beijingMonth(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Yuan as written in the invoice ('0.3', '12.3456') → '¥0.30', '¥12.3456'. */
export function yuan(amount: string): string {
  const [whole = '0', frac = ''] = amount.split('.');
  return `¥${BigInt(whole).toLocaleString('en-US')}.${frac.padEnd(2, '0')}`;
}

/** Sum of yuan strings, exactly (in ten-thousandths). */
function sumYuan(amounts: string[]): string {
  const units = amounts.reduce((n, a) => {
    const [whole = '0', frac = ''] = a.split('.');
    return n + BigInt(whole) * 10_000n + BigInt(frac.padEnd(4, '0').slice(0, 4));
  }, 0n);
  const frac = (units % 10_000n).toString().padStart(4, '0').replace(/0{1,2}$/, '');
  return `${units / 10_000n}.${frac.length < 2 ? frac.padEnd(2, '0') : frac}`;
}

/** A measured quantity in words a person reads: milliseconds as seconds, bytes as KB/MB/GB, counts as they are. */
function measured(lang: Lang, quantity: string, unit: MeasuredUnit): string {
  const n = Number(quantity);
  const locale = lang === 'en' ? 'en-US' : 'zh-CN';
  if (unit === 'ms') return `${(n / 1000).toLocaleString(locale, { maximumFractionDigits: 3 })} ${lang === 'en' ? 's' : '秒'}`;
  if (unit === 'byte') {
    // decimal units, as the fee schedules price them (1 GB = 10⁹ bytes)
    if (n < 1000) return `${n} B`;
    const units = ['KB', 'MB', 'GB', 'TB'];
    let v = n / 1000;
    let i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return `${v.toLocaleString(locale, { maximumFractionDigits: 2 })} ${units[i]}`;
  }
  return Number.isSafeInteger(n) ? n.toLocaleString(locale) : quantity;
}

interface KindSummary {
  kind: UsageKind;
  measured: bigint;
  unit: MeasuredUnit;
  records: number;
  amounts: string[];
}

const UNIT_OF: Record<UsageKind, MeasuredUnit> = { compute_seconds: 'ms', bytes_scanned: 'byte', masking_operations: 'operation', export: 'count', api_call: 'count', model_publication: 'count' };

/** The month's usage per kind: billed lines and records no agreement covers, together. */
function usageSummary(doc: InvoiceDocument): KindSummary[] {
  const by = new Map<UsageKind, KindSummary>(USAGE_KINDS.map((k) => [k, { kind: k, measured: 0n, unit: UNIT_OF[k], records: 0, amounts: [] }]));
  for (const l of doc.lines) {
    if (l.kind === 'periodic' || !l.measured) continue;
    const k = by.get(l.kind)!;
    k.measured += BigInt(l.measured.quantity);
    k.unit = l.measured.unit;
    k.records += l.measured.records;
    k.amounts.push(l.amount);
  }
  for (const u of doc.unbilled) {
    const k = by.get(u.kind)!;
    k.measured += BigInt(u.measured);
    k.unit = u.unit;
    k.records += u.records;
  }
  return [...by.values()];
}

function download(invoice: Invoice) {
  const blob = new Blob([JSON.stringify(invoice, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${invoice.document.number}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The organization's invoice for a Beijing-time month (#/invoices, #/invoices/YYYY-MM): its metered usage per
 * agreement priced by each fee standard, public-interest use at zero, and the usage of the month by kind.
 */
export function InvoicesPage({ id }: { id?: string | undefined }) {
  const s = useSession();
  const t = useT();
  const current = beijingMonth();
  const month = id && MONTH.test(id) ? id : current;
  const invoice = useAsync(() => get<Invoice>(`/invoices/${month}`, s.lang), [month, s.lang]);
  const go = (m: string) => navigate(`/invoices/${m}`);
  const options = Array.from({ length: 36 }, (_, i) => shiftMonth(current, -i));
  if (!options.includes(month)) options.unshift(month);
  const en = s.lang === 'en';

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button onClick={() => go(shiftMonth(month, -1))} data-testid="invoice-prev" aria-label={t('invPrevMonth')}>
              ‹
            </Button>
            <Select
              data-testid="invoice-month"
              value={month}
              onChange={go}
              style={{ width: 180 }}
              showSearch
              options={options.map((m) => ({ value: m, label: m === current ? t('invThisMonth', { month: m }) : m }))}
            />
            <Button onClick={() => go(shiftMonth(month, 1))} disabled={month >= current} data-testid="invoice-next" aria-label={t('invNextMonth')}>
              ›
            </Button>
            <Button onClick={invoice.reload}>{t('refresh')}</Button>
          </Space>
        }
      >
        {t('navInvoices')}
      </PageTitle>
      {id && !MONTH.test(id) && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('invBadMonth', { id })} />}
      <Loadable state={invoice}>
        {(inv) => {
          const doc = inv.document;
          const summary = usageSummary(doc);
          const empty = doc.lines.length === 0 && doc.unbilled.length === 0;
          const freeLines = doc.lines.filter((l) => l.exemption).length;
          return (
            <div data-testid="invoice" data-month={doc.month}>
              <Card style={{ marginBottom: 16 }}>
                <Row gutter={24} align="middle">
                  <Col flex="auto">
                    <Descriptions
                      size="small"
                      column={2}
                      items={[
                        { key: 'no', label: t('invNumber'), children: <Typography.Text strong data-testid="invoice-number">{doc.number}</Typography.Text> },
                        { key: 'org', label: t('invBilledTo'), children: `${en ? (doc.org.nameEn ?? doc.org.nameZh) : doc.org.nameZh}${doc.org.uscc ? ` · ${doc.org.uscc}` : ''}` },
                        { key: 'period', label: t('invPeriod'), children: `${formatDateTime(s.lang, doc.period.from)} – ${formatDateTime(s.lang, doc.period.until)} (${t('invBeijing')})` },
                        { key: 'records', label: t('invUsageRecords'), children: doc.usageRecords.toLocaleString() },
                        ...(doc.issuer ? [{ key: 'issuer', label: t('invIssuer'), children: en ? (doc.issuer.nameEn ?? doc.issuer.nameZh) : doc.issuer.nameZh }] : []),
                        { key: 'hash', label: t('invHash'), span: 2, children: <Mono>{inv.hash}</Mono> },
                      ]}
                    />
                  </Col>
                  <Col flex="220px">
                    <Flex vertical align="flex-end" gap={8}>
                      <Statistic title={t('invTotal')} value={yuan(doc.total)} styles={{ content: { color: '#b71c1c', fontWeight: 600 } }} data-testid="invoice-total" />
                      {freeLines > 0 && <Tag color="green">{t('invFreeLines', { n: freeLines })}</Tag>}
                      <Button size="small" onClick={() => download(inv)} data-testid="invoice-download">
                        {t('invDownload')}
                      </Button>
                    </Flex>
                  </Col>
                </Row>
              </Card>
              {empty ? (
                <Card>
                  <Empty data-testid="invoice-empty" description={t('invEmpty', { month: doc.month })} />
                </Card>
              ) : (
                <>
                  <Card size="small" title={t('invUsage')} style={{ marginBottom: 16 }} data-testid="invoice-usage">
                    <Row gutter={[12, 12]}>
                      {summary.map((k) => (
                        <Col key={k.kind} xs={12} md={8} xl={4}>
                          <Card size="small" style={{ background: k.records ? undefined : '#fafafa', height: '100%' }} data-testid={`usage-${k.kind}`}>
                            <Statistic title={label(s.lang, 'usage_', k.kind)} value={measured(s.lang, k.measured.toString(), k.unit)} styles={{ content: { fontSize: 20, color: k.records ? undefined : '#999' } }} />
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('invRecords', { n: k.records })}
                              {k.amounts.length > 0 ? ` · ${yuan(sumYuan(k.amounts))}` : ''}
                            </Typography.Text>
                          </Card>
                        </Col>
                      ))}
                    </Row>
                  </Card>
                  <Card size="small" title={t('invLines')} style={{ marginBottom: 16 }}>
                    <Table<InvoiceLine>
                      data-testid="invoice-lines"
                      rowKey="line"
                      size="small"
                      pagination={false}
                      dataSource={doc.lines}
                      locale={{ emptyText: t('invNoLines') }}
                      onRow={(l) => ({ 'data-testid': `invoice-line-${l.line}`, style: l.exemption?.reason === 'public_interest' ? { background: '#f6ffed' } : {} }) as HTMLAttributes<HTMLElement>}
                      columns={[
                        { title: '#', dataIndex: 'line', width: 44 },
                        {
                          title: t('invItem'),
                          render: (_, l) => (
                            <>
                              <div>{en ? l.description.en : l.description.zh}</div>
                              {l.exemption && (
                                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                  {en ? l.exemption.en : l.exemption.zh}
                                </Typography.Text>
                              )}
                            </>
                          ),
                        },
                        { title: t('invAgreement'), dataIndex: 'agreementNumber', width: 130, render: (n: string) => <code>{n}</code> },
                        {
                          title: t('invMeasured'),
                          width: 130,
                          align: 'right',
                          render: (_, l) =>
                            l.measured ? (
                              <Tooltip title={t('invRecords', { n: l.measured.records })}>{measured(s.lang, l.measured.quantity, l.measured.unit)}</Tooltip>
                            ) : (
                              '—'
                            ),
                        },
                        { title: t('invQuantity'), width: 150, align: 'right', render: (_, l) => `${l.quantity} ${en ? l.unit.en : l.unit.zh}` },
                        { title: t('invUnitPrice'), width: 110, align: 'right', render: (_, l) => yuan(l.unitPrice) },
                        {
                          title: t('invAmount'),
                          width: 150,
                          align: 'right',
                          render: (_, l) => (
                            <Space size={4}>
                              {l.exemption && (
                                <Tooltip title={en ? l.exemption.en : l.exemption.zh}>
                                  <Tag color={l.exemption.reason === 'public_interest' ? 'green' : 'default'} data-testid={`free-${l.line}`}>
                                    {label(s.lang, 'exempt_', l.exemption.reason)}
                                  </Tag>
                                </Tooltip>
                              )}
                              <Typography.Text strong>{yuan(l.amount)}</Typography.Text>
                            </Space>
                          ),
                        },
                      ]}
                      summary={() => (
                        <Table.Summary.Row>
                          <Table.Summary.Cell index={0} colSpan={6} align="right">
                            <Typography.Text strong>{t('invTotal')}</Typography.Text>
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={1} align="right">
                            <Typography.Text strong>{yuan(doc.total)}</Typography.Text>
                          </Table.Summary.Cell>
                        </Table.Summary.Row>
                      )}
                    />
                  </Card>
                  <Row gutter={16}>
                    <Col xs={24} lg={doc.unbilled.length ? 12 : 24}>
                      <Card size="small" title={t('invSubtotals')} style={{ marginBottom: 16 }}>
                        <Table
                          data-testid="invoice-agreements"
                          rowKey="agreementId"
                          size="small"
                          pagination={false}
                          dataSource={doc.agreements}
                          columns={[
                            { title: t('invAgreement'), dataIndex: 'agreementNumber', render: (n: string) => <code>{n}</code> },
                            {
                              title: t('invUsageCategory'),
                              dataIndex: 'usage',
                              render: (u: string) => <Tag color={u === 'public_interest' ? 'green' : 'blue'}>{label(s.lang, 'invCat_', u)}</Tag>,
                            },
                            { title: t('invSubtotal'), dataIndex: 'subtotal', align: 'right', render: (a: string) => yuan(a) },
                          ]}
                        />
                      </Card>
                    </Col>
                    {doc.unbilled.length > 0 && (
                      <Col xs={24} lg={12}>
                        <Card size="small" title={t('invUnbilled')} style={{ marginBottom: 16 }} data-testid="invoice-unbilled">
                          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                            {t('invUnbilledNote')}
                          </Typography.Paragraph>
                          {doc.unbilled.map((u) => (
                            <Tag key={u.kind}>
                              {label(s.lang, 'usage_', u.kind)}: {measured(s.lang, u.measured, u.unit)} · {t('invRecords', { n: u.records })}
                            </Tag>
                          ))}
                        </Card>
                      </Col>
                    )}
                  </Row>
                </>
              )}
            </div>
          );
        }}
      </Loadable>
    </>
  );
}
