import { Descriptions, Empty, Progress, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { QualityColumn } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { Mono } from '../../shared/ui.tsx';
import type { IngestedVersion } from './types.ts';
import { size } from './UploadPanel.tsx';

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** A resource's versions, the latest first; the quality profile of the one selected (the latest unless chosen). */
export function VersionsPanel({ versions }: { versions: IngestedVersion[] }) {
  const { lang } = useSession();
  const t = useT();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [selected, setSelected] = useState<string | undefined>(sorted[0]?.id);
  const latestId = sorted[0]?.id;
  useEffect(() => setSelected(latestId), [latestId]); // a new upload shows its own profile
  if (sorted.length === 0) return <Empty description={t('noVersions')} />;
  const ver = sorted.find((v) => v.id === selected) ?? sorted[0]!;

  return (
    <>
      <Table<IngestedVersion>
        data-testid="versions"
        rowKey="id"
        size="small"
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        dataSource={sorted}
        rowSelection={{ type: 'radio', selectedRowKeys: [ver.id], onChange: (keys) => setSelected(String(keys[0])), columnTitle: t('ingProfileOf'), columnWidth: 64 }}
        onRow={(v) => ({ onClick: () => setSelected(v.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('version'), dataIndex: 'version', width: 70, render: (n: number) => <Typography.Text strong>v{n}</Typography.Text> },
          { title: t('rows'), dataIndex: 'rows', align: 'right', render: (n: number) => n.toLocaleString() },
          { title: t('bytes'), dataIndex: 'bytes', align: 'right', render: (n: number) => size(n) },
          { title: t('ingSource'), render: (_, v) => `${v.sourceFormat} · ${v.encoding}` },
          { title: t('createdAt'), render: (_, v) => `${formatDateTime(lang, v.createdAt)} (${t('ageDays', { n: v.freshness.ageDays })})` },
          { title: t('freshness'), render: (_, v) => (v.freshness.stale ? <Tag color="orange">{t('stale')}</Tag> : <Tag color="green">{t('fresh')}</Tag>) },
          {
            title: 'SM3',
            render: (_, v) => (
              <Tooltip title={v.sm3}>
                <Typography.Text code copyable={{ text: v.sm3 }} style={{ fontSize: 12 }}>
                  {v.sm3.slice(0, 12)}…
                </Typography.Text>
              </Tooltip>
            ),
          },
        ]}
      />
      <QualityProfile version={ver} lang={lang} />
    </>
  );
}

function QualityProfile({ version, lang }: { version: IngestedVersion; lang: 'zh-CN' | 'en' }) {
  const t = useT();
  const columns = version.quality.columns ?? [];
  const typeOf = new Map((version.columns ?? []).map((c) => [c.name, c.type]));
  const formatErrors = columns.reduce((n, c) => n + (c.validity ? c.validity.checked - c.validity.valid : 0), 0);
  const ruleFailures = columns.reduce((n, c) => n + c.rules.reduce((m, r) => m + Math.max(0, r.failing), 0), 0);
  return (
    <div data-testid="quality-profile" data-version={version.version} style={{ marginTop: 12 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('quality')} · v{version.version}
      </Typography.Title>
      <Descriptions
        size="small"
        column={4}
        items={[
          { key: 'rows', label: t('rows'), children: (version.quality.rows ?? version.rows).toLocaleString() },
          { key: 'dup', label: t('duplicateKeys'), children: version.quality.duplicateSubjectKeys ?? '—' },
          { key: 'fmt', label: t('ingFormatErrors'), children: <Typography.Text type={formatErrors > 0 ? 'danger' : undefined}>{formatErrors.toLocaleString()}</Typography.Text> },
          { key: 'rules', label: t('ruleFailures'), children: <Typography.Text type={ruleFailures > 0 ? 'danger' : undefined}>{ruleFailures.toLocaleString()}</Typography.Text> },
          { key: 'sha', label: 'SHA-256', span: 4, children: <Mono>{version.sha256}</Mono> },
        ]}
      />
      {columns.length === 0 ? (
        <Empty />
      ) : (
        <Table<QualityColumn>
          data-testid="quality-table"
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={columns}
          columns={[
            { title: t('fieldName'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
            { title: t('fieldType'), render: (_, c) => typeOf.get(c.name) ?? '—' },
            { title: t('ingNulls'), align: 'right', render: (_, c) => c.nulls.toLocaleString() },
            {
              title: t('nullRate'),
              width: 150,
              render: (_, c) => <Progress percent={Math.round(c.nullRate * 1000) / 10} size="small" status={c.nullRate > 0.1 ? 'exception' : 'normal'} format={() => pct(c.nullRate)} />,
            },
            { title: t('distinct'), align: 'right', render: (_, c) => c.distinct.toLocaleString() },
            {
              title: t('ingFormatCheck'),
              render: (_, c) =>
                c.validity ? (
                  <span data-testid={`format-${c.name}`}>
                    {label(lang, 'pii_', c.validity.type)}: {pct(c.validity.rate)}{' '}
                    {c.validity.checked - c.validity.valid > 0 ? (
                      <Tag color="red">{t('ingInvalidValues', { n: (c.validity.checked - c.validity.valid).toLocaleString() })}</Tag>
                    ) : (
                      <Tag color="green">{t('ingAllValid')}</Tag>
                    )}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: t('ruleFailures'),
              render: (_, c) =>
                c.rules.length
                  ? c.rules.map((r) => (
                      <Tag key={r.rule} color={r.failing === 0 ? 'green' : 'red'}>
                        {label(lang, 'rule_', r.rule)}: {r.failing < 0 ? t('ingBadPattern') : r.failing.toLocaleString()}
                      </Tag>
                    ))
                  : '—',
            },
          ]}
        />
      )}
    </div>
  );
}
