import { Descriptions, Empty, Progress, Table, Tag, Typography } from 'antd';
import { get, type Items, type QualityColumn, type Resource, type ResourceVersion } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { Loadable, Mono } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A resource's versions, the latest first, with the quality profile of each column. */
export function VersionsPanel({ resource }: { resource: Resource }) {
  const { lang } = useSession();
  const t = useT();
  const versions = useAsync(() => get<Items<ResourceVersion>>(`/resources/${resource.id}/versions`, lang), [resource.id, lang]);
  return (
    <Loadable state={versions} empty={t('noVersions')} isEmpty={(v) => v.items.length === 0}>
      {(v) => {
        const sorted = [...v.items].sort((a, b) => b.version - a.version);
        return sorted.map((ver, i) => (
          <div key={ver.id} style={{ marginBottom: 16 }}>
            <Typography.Text strong>
              {t('version')} {ver.version}
            </Typography.Text>{' '}
            {ver.freshness.stale ? <Tag color="orange">{t('stale')}</Tag> : <Tag color="green">{t('fresh')}</Tag>}
            <Descriptions
              size="small"
              column={3}
              style={{ marginTop: 8 }}
              items={[
                { key: 'rows', label: t('rows'), children: ver.rows.toLocaleString() },
                { key: 'bytes', label: t('bytes'), children: size(ver.bytes) },
                { key: 'at', label: t('createdAt'), children: `${formatDateTime(lang, ver.createdAt)} (${t('ageDays', { n: ver.freshness.ageDays })})` },
                { key: 'enc', label: t('encoding'), children: `${ver.sourceFormat} · ${ver.encoding}` },
                { key: 'dup', label: t('duplicateKeys'), children: ver.quality.duplicateSubjectKeys ?? '—' },
                { key: 'sm3', label: 'SM3', children: <Mono>{ver.sm3}</Mono> },
              ]}
            />
            {i === 0 && (ver.quality.columns?.length ?? 0) > 0 ? (
              <Table<QualityColumn>
                title={() => t('quality')}
                rowKey="name"
                size="small"
                pagination={false}
                dataSource={ver.quality.columns}
                columns={[
                  { title: t('fieldName'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
                  { title: t('nullRate'), width: 160, render: (_, c) => <Progress percent={Math.round(c.nullRate * 1000) / 10} size="small" status={c.nullRate > 0.1 ? 'exception' : 'normal'} /> },
                  { title: t('distinct'), dataIndex: 'distinct' },
                  { title: t('validity'), render: (_, c) => (c.validity ? `${(c.validity.rate * 100).toFixed(1)}% (${c.validity.type})` : '—') },
                  { title: t('ruleFailures'), render: (_, c) => (c.rules.length ? c.rules.map((r) => <Tag key={r.rule} color={r.failing ? 'red' : 'green'}>{r.rule}: {r.failing}</Tag>) : '—') },
                ]}
              />
            ) : i === 0 ? (
              <Empty />
            ) : null}
          </div>
        ));
      }}
    </Loadable>
  );
}
