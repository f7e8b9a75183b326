import { Alert, Button, Flex, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, type Grant, post, type QueryResult, tableName } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ResultTable } from '../../shared/ResultTable.tsx';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

/** The tables a grant makes visible, with each field's column control. */
export function TablesHint({ grant }: { grant: Grant }) {
  const { lang } = useSession();
  const t = useT();
  return (
    <Flex vertical gap={4} style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary">{t('tables')}</Typography.Text>
      {(grant.policy.targets ?? []).map((tg) => (
        <div key={tg.resource}>
          <Typography.Text code>{tableName(tg.resource)}</Typography.Text>{' '}
          {tg.fields.map((f) => (
            <Tag key={f.name} title={label(lang, 'ctl_', f.control)} style={{ marginBottom: 2 }}>
              {f.name} · {label(lang, 'ctl_', f.control)}
            </Tag>
          ))}
        </div>
      ))}
    </Flex>
  );
}

/** A query refused by the engine or the policy: the rule (code) and its localized title, never a data value. */
export function Refusal({ error }: { error: ApiError }) {
  const t = useT();
  const p = error.problem;
  if (p.status >= 500 || p.status === 0) return <ProblemAlert error={error} />;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="refusal"
      title={`${t('refused')}：${p.title}`}
      description={
        <Flex vertical gap={2}>
          <span>
            {t('refusalCode')}: <Typography.Text code>{p.code}</Typography.Text>
          </span>
          {p.errors?.map((e) => (
            <Typography.Text key={`${e.path}${e.reason}`} type="secondary">
              {e.reason}
              {e.message ? ` — ${e.message}` : ''}
            </Typography.Text>
          ))}
        </Flex>
      }
    />
  );
}

/**
 * Rows the answer withheld, by rule: under the grant's threshold (fewer subjects than the minimum), and — governed
 * answers — the differencing control (the row would differ from an earlier answer of the same group by fewer than the
 * minimum number of subjects). Answers that do not say which rule (dev, DP) show the count under the threshold rule.
 */
function WithheldTags({ result }: { result: QueryResult }) {
  const t = useT();
  const m = result.minSubjects ?? '—';
  const threshold = result.withheld ? result.withheld.minSubjects : result.suppressed;
  const differencing = result.withheld?.differencing ?? 0;
  if (threshold + differencing === 0) {
    return result.minSubjects == null ? null : (
      <Tag color="green" data-testid="suppressed">
        {t('suppressedNone')}
      </Tag>
    );
  }
  return (
    <Space size={8} wrap>
      {threshold > 0 && (
        <Tooltip title={t('wsWithheldThresholdHelp')}>
          <Tag color="orange" data-testid="suppressed" data-rule="min_subjects" data-count={threshold}>
            {t('suppressed', { n: threshold, m })}
          </Tag>
        </Tooltip>
      )}
      {differencing > 0 && (
        <Tooltip title={t('wsWithheldDifferencingHelp')}>
          <Tag color="volcano" data-testid="suppressed-differencing" data-rule="differencing" data-count={differencing}>
            {t('wsWithheldDifferencing', { n: differencing, m })}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** SQL editor → result table, with the masking, suppression and truncation the answer reports. */
export function SqlRunner({ grant, path, initialSql, runLabel, testId, onAnswered }: { grant: Grant; path: string; initialSql: string; runLabel: string; testId: string; onAnswered?(): void }) {
  const { lang } = useSession();
  const t = useT();
  const [sql, setSql] = useState(initialSql);
  const [result, setResult] = useState<QueryResult | null>(null);
  const action = useAction();
  const run = () =>
    action.run(async () => {
      setResult(null);
      const r = await post<QueryResult>(`/grants/${grant.id}/${path}`, lang, { sql });
      setResult(r);
      onAnswered?.();
    });
  return (
    <div data-testid={testId}>
      <TablesHint grant={grant} />
      <Input.TextArea
        data-testid={`${testId}-sql`}
        value={sql}
        onChange={(e) => setSql(e.target.value)}
        autoSize={{ minRows: 4, maxRows: 12 }}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
        }}
      />
      <Space style={{ margin: '8px 0' }}>
        <Button type="primary" loading={action.pending} disabled={!sql.trim()} onClick={() => void run()} data-testid={`${testId}-run`}>
          {runLabel}
        </Button>
        <Typography.Text type="secondary">Ctrl + Enter</Typography.Text>
      </Space>
      {action.error && <Refusal error={action.error} />}
      {result && (
        <div data-testid={`${testId}-result`}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('results')}</Typography.Text>
            <Tag>
              {t('rows')}: {result.rows.length}
            </Tag>
            {result.masked && <Tag color="purple">{t('masked')}</Tag>}
            <WithheldTags result={result} />
            {result.epsilon != null && <Tag color="blue">ε {result.epsilon}</Tag>}
            {result.truncated && <Tag color="orange">{t('truncated')}</Tag>}
          </Space>
          {result.rows.length === 0 ? <Alert type="info" title={t('noRows')} /> : <ResultTable columns={result.columns} rows={result.rows} testId={`${testId}-table`} />}
        </div>
      )}
    </div>
  );
}
