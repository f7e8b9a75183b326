import { Alert, Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Typography, message } from 'antd';
import { useMemo, useState } from 'react';
import { post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { navigate } from '../../shared/router.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import type { ExportFormat, ExportRequest, NewExport, ResultTableInfo } from './types.ts';
import { resultLabel, type ResultTables } from './useResultTables.ts';

/**
 * The grant holder asks to take one of its in-domain result tables out of the domain: which table, in which format,
 * for what, and what its columns mean to the checks (quasi-identifiers, the subject-count column, the measures that
 * carry the watermark). The automated checks run when the API receives it; the detail page shows what they found.
 */
export function ExportRequestForm({ tables, initial }: { tables: ResultTables; initial?: { job?: string | null; table?: string | null } }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const candidates = useMemo(() => {
    const grants = new Map(tables.grants.map((g) => [g.id, g]));
    return [...tables.byId.values()]
      .filter((r) => {
        const g = grants.get(r.grantId);
        return g && g.assigneeOrgId === s.me.organization.id && g.state === 'active' && (g.policy.modes ?? []).includes('export') && r.job.state === 'succeeded';
      })
      .sort((a, b) => b.result.createdAt.localeCompare(a.result.createdAt));
  }, [tables, s.me.organization.id]);
  const preselected = initial?.job ? candidates.find((c) => c.job.id === initial.job && (!initial.table || c.result.name === initial.table)) : undefined;
  const [resultTableId, setResultTableId] = useState<string | undefined>(preselected?.result.id);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [purpose, setPurpose] = useState('');
  const [quasi, setQuasi] = useState<string[]>([]);
  const [subjectCount, setSubjectCount] = useState<string | null>(null);
  const [measures, setMeasures] = useState<string[]>([]);
  const [decimals, setDecimals] = useState<Record<string, number>>({});
  const chosen: ResultTableInfo | undefined = resultTableId ? tables.byId.get(resultTableId) : undefined;
  const columns = chosen?.columns ?? [];
  const columnOptions = columns.map((c) => ({ value: c.name, label: c.name, title: c.name }));
  const columnSelectMode = columns.length > 0 ? 'multiple' : 'tags';

  const choose = (id: string) => {
    setResultTableId(id);
    setQuasi([]);
    setSubjectCount(null);
    setMeasures([]);
    setDecimals({});
  };
  const submit = () =>
    action.run(async () => {
      const body: NewExport = {
        resultTableId: resultTableId!,
        format,
        purpose: purpose.trim(),
        quasiIdentifiers: quasi,
        subjectCountColumn: subjectCount,
        measureColumns: measures.map((name) => ({ name, decimals: decimals[name] ?? 0 })),
      };
      const created = await post<ExportRequest>('/exports', s.lang, body);
      void message.success(t('exportSubmitted'));
      navigate(`/exports/${created.id}`);
    });

  if (candidates.length === 0) {
    return (
      <Card title={t('newExport')} size="small" style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon title={t('exportNoResults')} data-testid="export-no-results" />
      </Card>
    );
  }
  return (
    <Card title={t('newExport')} size="small" style={{ marginBottom: 16 }} data-testid="export-form">
      <Typography.Paragraph type="secondary">{t('exportFormIntro')}</Typography.Paragraph>
      <ProblemAlert error={action.error} />
      <Form layout="vertical">
        <Flex gap={16} wrap>
          <Form.Item label={t('exportResult')} extra={t('exportResultHelp')} required style={{ flex: '3 1 420px' }}>
            <div data-testid="export-result">
              <Select
                showSearch={{ optionFilterProp: 'title' }}
                placeholder={t('exportChooseResult')}
                value={resultTableId}
                onChange={choose}
                options={candidates.map((c) => {
                  const text = `${resultLabel(c, c.result.id)} · ${t('rows')} ${c.result.rows} · ${formatDateTime(s.lang, c.result.createdAt)}`;
                  return { value: c.result.id, label: text, title: text };
                })}
              />
            </div>
          </Form.Item>
          <Form.Item label={t('exportFormat')} style={{ flex: '1 1 180px' }}>
            <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
              <Radio.Button value="csv">CSV</Radio.Button>
              <Radio.Button value="parquet">Parquet</Radio.Button>
            </Radio.Group>
          </Form.Item>
        </Flex>
        <Form.Item label={t('exportPurpose')} extra={t('exportPurposeHelp')} required>
          <Input.TextArea data-testid="export-purpose" value={purpose} maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} onChange={(e) => setPurpose(e.target.value)} />
        </Form.Item>
        {chosen && columns.length === 0 && <Alert type="warning" showIcon title={t('exportColumnsUnknown')} style={{ marginBottom: 16 }} />}
        <Flex gap={16} wrap>
          <Form.Item label={t('exportQuasi')} extra={t('exportQuasiHelp')} style={{ flex: '1 1 260px' }}>
            <div data-testid="export-quasi">
              <Select mode={columnSelectMode} allowClear disabled={!chosen} value={quasi} onChange={setQuasi} options={columnOptions} />
            </div>
          </Form.Item>
          <Form.Item label={t('exportSubjectCount')} extra={t('exportSubjectCountHelp')} style={{ flex: '1 1 260px' }}>
            <div data-testid="export-subject-count">
              {columns.length > 0 ? (
                <Select allowClear disabled={!chosen} value={subjectCount ?? undefined} onChange={(v: string | undefined) => setSubjectCount(v ?? null)} options={columnOptions} />
              ) : (
                <Input disabled={!chosen} value={subjectCount ?? ''} onChange={(e) => setSubjectCount(e.target.value.trim() || null)} />
              )}
            </div>
          </Form.Item>
          <Form.Item label={t('exportMeasures')} extra={t('exportMeasuresHelp')} style={{ flex: '1 1 260px' }}>
            <div data-testid="export-measures">
              <Select mode={columnSelectMode} allowClear disabled={!chosen} value={measures} onChange={setMeasures} options={columnOptions} />
            </div>
          </Form.Item>
        </Flex>
        {measures.length > 0 && (
          <Flex gap={16} wrap style={{ marginBottom: 16 }}>
            {measures.map((m) => (
              <Flex key={m} gap={8} align="center">
                <Typography.Text>{t('exportDecimals', { name: m })}</Typography.Text>
                <InputNumber min={0} max={6} precision={0} value={decimals[m] ?? 0} onChange={(v) => setDecimals({ ...decimals, [m]: v ?? 0 })} style={{ width: 72 }} />
              </Flex>
            ))}
          </Flex>
        )}
        <Button type="primary" data-testid="export-submit" loading={action.pending} disabled={!resultTableId || purpose.trim().length < 2} onClick={() => void submit()}>
          {t('exportSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
