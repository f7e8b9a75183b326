import { Button, Card, Flex, Table, Tag, Tooltip } from 'antd';
import { get, type Items, type QueryRecord } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { Loadable, Mono, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';

/** Rows a query withheld; when the differencing control withheld some, the count of each rule. */
function WithheldCell({ q }: { q: QueryRecord }) {
  const t = useT();
  if (q.suppressed == null) return <>—</>;
  const differencing = q.differencing ?? 0;
  if (differencing === 0) return <>{q.suppressed}</>;
  const threshold = q.suppressed - differencing;
  return (
    <Flex vertical align="flex-start" gap={2} data-testid={`withheld-${q.id}`}>
      <span>{q.suppressed}</span>
      {threshold > 0 && (
        <Tooltip title={t('wsWithheldThresholdHelp')}>
          <Tag style={{ marginInlineEnd: 0 }}>{t('wsWithheldThresholdShort', { n: threshold })}</Tag>
        </Tooltip>
      )}
      <Tooltip title={t('wsWithheldDifferencingHelp')}>
        <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid="record-differencing">
          {t('wsWithheldDifferencingShort', { n: differencing })}
        </Tag>
      </Tooltip>
    </Flex>
  );
}

/** The grant's query record: text hash, outcome, refusal rule, rows withheld (by rule) and ε spent — never results. */
export function QueryRecordPanel({ grantId }: { grantId: string }) {
  const { lang } = useSession();
  const t = useT();
  const record = useAsync(() => get<Items<QueryRecord>>(`/grants/${grantId}/queries`, lang), [grantId, lang]);
  return (
    <Card extra={<Button onClick={record.reload}>{t('refresh')}</Button>}>
      <Loadable state={record} empty={t('noResultsYet')} isEmpty={(r) => r.items.length === 0}>
        {(r) => (
          <Table<QueryRecord>
            data-testid="query-record"
            rowKey="id"
            size="small"
            dataSource={r.items}
            pagination={{ pageSize: 15, hideOnSinglePage: true }}
            columns={[
              { title: t('createdAt'), width: 150, render: (_, q) => formatDateTime(lang, q.createdAt) },
              { title: t('workspaceKind'), width: 80, render: (_, q) => <Tag>{label(lang, 'ws_', q.workspace)}</Tag> },
              { title: t('outcome'), width: 100, render: (_, q) => <StateTag prefix="oc_" value={q.outcome} /> },
              { title: t('refusalCode'), render: (_, q) => (q.refusalCode ? <code>{q.refusalCode}</code> : '—') },
              { title: t('rows'), width: 70, render: (_, q) => q.rows ?? '—' },
              { title: t('withheld'), width: 150, render: (_, q) => <WithheldCell q={q} /> },
              { title: t('epsilon'), width: 60, render: (_, q) => q.epsilon ?? '—' },
              { title: t('resources'), render: (_, q) => q.resources.join(', ') },
              { title: t('sqlHash'), render: (_, q) => <Mono>{q.sqlHash.slice(0, 16)}</Mono> },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
