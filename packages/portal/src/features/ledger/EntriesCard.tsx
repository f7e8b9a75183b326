import { Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { formatDateTime, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href, navigate } from '../../shared/router.ts';
import { Loadable } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { EntityLink } from './common.tsx';
import { loadEntries } from './load.ts';
import { isSupervisorOrg } from './scope.ts';
import type { LedgerEntry } from './types.ts';

/**
 * Entries by windows of sequence numbers, newest first: [end − window, end). Supervisors see every entry of a
 * window; others see theirs only (row-level security leaves the rest out), so their windows are wider.
 */
export function EntriesCard({ head, end, checkpointSize }: { head: number; end: number; checkpointSize: number }) {
  const s = useSession();
  const t = useT();
  const span = isSupervisorOrg(s.me.organization.type) ? 25 : 1000;
  const start = Math.max(0, end - span);
  const entries = useAsync(async () => (await loadEntries(s.lang, start, end)).reverse(), [s.lang, start, end]);
  const go = (newEnd: number) => navigate(newEnd >= head ? '/ledger' : `/ledger?before=${newEnd}`);
  return (
    <Card
      title={t('lgEntries')}
      extra={
        <Space wrap>
          <Typography.Text type="secondary" data-testid="ledger-range">
            {t('lgRange', { from: start, to: Math.max(start, end - 1) })}
          </Typography.Text>
          <Button size="small" data-testid="ledger-newer" disabled={end >= head} onClick={() => go(Math.min(head, end + span))}>
            {t('lgNewer')}
          </Button>
          <Button size="small" data-testid="ledger-older" disabled={start === 0} onClick={() => go(start)}>
            {t('lgOlder')}
          </Button>
          <Button size="small" data-testid="ledger-latest" disabled={end >= head} onClick={() => go(head)}>
            {t('lgLatest')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {isSupervisorOrg(s.me.organization.type) ? t('lgScopeAll') : t('lgScopeOwn')}
      </Typography.Paragraph>
      <Loadable state={entries} empty={t('lgNoEntries')} isEmpty={(items) => items.length === 0}>
        {(items) => (
          <Table<LedgerEntry>
            data-testid="ledger-entries"
            size="small"
            rowKey={(e) => String(e.seq)}
            dataSource={items}
            pagination={{ pageSize: 25, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              {
                title: t('lgSeq'),
                width: 90,
                render: (_, e) => (
                  <a href={href(`/ledger/${e.seq}`)} data-testid={`entry-link-${e.seq}`}>
                    #{e.seq}
                  </a>
                ),
              },
              { title: t('lgTime'), width: 150, render: (_, e) => formatDateTime(s.lang, e.leaf?.time) },
              {
                title: t('lgAction'),
                render: (_, e) => (
                  <Flex gap={4} wrap align="center">
                    <span>{label(s.lang, 'lact_', e.leaf?.action)}</span>
                    {e.leaf?.category === 'access' && <Tag color="geekblue">{t('lgcat_access')}</Tag>}
                    {e.seq !== null && e.seq >= checkpointSize && <Tag color="gold">{t('lgPending')}</Tag>}
                  </Flex>
                ),
              },
              { title: t('lgEntity'), render: (_, e) => e.leaf && <EntityLink entity={e.leaf.entity} /> },
              { title: t('lgActor'), render: (_, e) => orgName(s, e.leaf?.actor.org) },
              { title: t('lgLeafHash'), width: 130, responsive: ['xl'], render: (_, e) => <code style={{ fontSize: 11 }}>{e.leafHash?.slice(0, 12)}…</code> },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
