import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { get } from '../../api.ts';
import { formatDateTime, type Lang, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href, navigate } from '../../shared/router.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { Chart } from '../dashboard/Chart.tsx';
import type { ChartOption } from '../dashboard/EChart.tsx';
import { EntityLink, lineagePath, objectPath, shortId } from './common.tsx';
import type { EntityRef, LedgerEntry, Lineage } from './types.ts';

interface LineageNode extends EntityRef {
  key: string;
  /** columns from the object: negative upstream, positive downstream, 0 the object itself */
  column: number;
}

const keyOf = (type: string, id: string) => `${type}:${id}`;

/**
 * Nodes in columns — sources to the left, what was derived to the right — placed by their longest path to the
 * object (so every edge points rightwards, even when a source is also a source of another source), and the edges.
 */
export function lineageGraph(lineage: Lineage): { nodes: LineageNode[]; edges: { from: string; to: string }[] } {
  const self = keyOf(lineage.entity.type, lineage.entity.id);
  const refs = new Map<string, EntityRef>([[self, lineage.entity]]);
  const edges = new Map<string, { from: string; to: string }>();
  const up = new Map<string, Set<string>>(); // upstream: parent → its children on the way to the object
  const down = new Map<string, Set<string>>(); // downstream: child → its parents on the way back to the object
  const link = (map: Map<string, Set<string>>, a: string, b: string) => map.set(a, (map.get(a) ?? new Set()).add(b));
  for (const [list, map, reverse] of [[lineage.upstream, up, false], [lineage.downstream, down, true]] as const) {
    for (const e of list) {
      const from = keyOf(e.parentType, e.parentId);
      const to = keyOf(e.childType, e.childId);
      refs.set(from, { type: e.parentType, id: e.parentId });
      refs.set(to, { type: e.childType, id: e.childId });
      edges.set(`${from}>${to}`, { from, to });
      if (reverse) link(map, to, from);
      else link(map, from, to);
    }
  }
  const longest = (map: Map<string, Set<string>>) => {
    const memo = new Map<string, number>();
    const visiting = new Set<string>();
    const walk = (key: string): number => {
      if (key === self) return 0;
      const known = memo.get(key);
      if (known !== undefined) return known;
      if (visiting.has(key)) return 0; // a cycle: lineage should have none, but never loop
      visiting.add(key);
      const next = [...(map.get(key) ?? [])].map(walk);
      visiting.delete(key);
      const d = 1 + Math.max(0, ...next);
      memo.set(key, d);
      return d;
    };
    return walk;
  };
  const upDepth = longest(up);
  const downDepth = longest(down);
  const nodes = [...refs.entries()].map(([key, ref]) => ({ key, ...ref, column: key === self ? 0 : up.has(key) ? -upDepth(key) : downDepth(key) }));
  return { nodes, edges: [...edges.values()] };
}

function tallestColumn(graph: ReturnType<typeof lineageGraph>): number {
  const counts = new Map<number, number>();
  for (const n of graph.nodes) counts.set(n.column, (counts.get(n.column) ?? 0) + 1);
  return Math.max(1, ...counts.values());
}

const PALETTE = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457', '#455a64', '#9e9d24'];

/** The graph on hidden value axes (columns × rows), so nodes keep their round pixel size whatever the box. */
function graphOption(graph: ReturnType<typeof lineageGraph>, lang: Lang, self: string): ChartOption {
  const types = [...new Set(graph.nodes.map((n) => n.type))].sort();
  const byColumn = new Map<number, LineageNode[]>();
  for (const n of graph.nodes) byColumn.set(n.column, [...(byColumn.get(n.column) ?? []), n]);
  const columns = [...byColumn.keys()];
  const rows = tallestColumn(graph);
  const data = [...byColumn.entries()].flatMap(([column, nodes]) =>
    nodes
      .sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id))
      .map((n, i) => ({
        name: n.key,
        value: [column, (nodes.length - 1) / 2 - i],
        category: types.indexOf(n.type),
        symbolSize: n.key === self ? 44 : 28,
        label: { formatter: `${label(lang, 'lent_', n.type)}\n${shortId(n.id)}`, fontWeight: n.key === self ? ('bold' as const) : ('normal' as const) },
        itemStyle: n.key === self ? { borderColor: '#000', borderWidth: 2 } : {},
      })),
  );
  const entityOf = (key: string | undefined) => (key ? { type: key.slice(0, key.indexOf(':')), id: key.slice(key.indexOf(':') + 1) } : undefined);
  return {
    color: PALETTE,
    tooltip: {
      formatter: (p: unknown) => {
        const ref = entityOf((p as { dataType?: string; data?: { name?: string } }).dataType === 'node' ? (p as { data?: { name?: string } }).data?.name : undefined);
        return ref ? `${label(lang, 'lent_', ref.type)}<br/>${ref.id}` : '';
      },
    },
    legend: { data: types.map((ty) => label(lang, 'lent_', ty)), top: 0 },
    grid: { left: 70, right: 70, top: 56, bottom: 44 },
    xAxis: { type: 'value', show: false, min: Math.min(...columns) - 0.5, max: Math.max(...columns) + 0.5 },
    yAxis: { type: 'value', show: false, min: -rows / 2, max: rows / 2 },
    series: [
      {
        type: 'graph',
        coordinateSystem: 'cartesian2d',
        categories: types.map((ty) => ({ name: label(lang, 'lent_', ty) })),
        data,
        links: graph.edges.map((e) => ({ source: e.from, target: e.to })),
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        label: { show: true, position: 'bottom', fontSize: 11, lineHeight: 14 },
        lineStyle: { color: '#999', width: 1.5, curveness: 0.15 },
        emphasis: { focus: 'adjacency' },
      },
    ],
  };
}

/** The lineage of one object: where it came from and what was made from it, as a graph, with its own entries. */
export function LineageView({ type, id }: { type: string; id: string }) {
  const s = useSession();
  const t = useT();
  const lineage = useAsync(() => get<Lineage>(`/ledger/lineage?entityType=${encodeURIComponent(type)}&entityId=${encodeURIComponent(id)}`, s.lang), [type, id, s.lang]);
  const graph = useMemo(() => (lineage.data ? lineageGraph(lineage.data) : null), [lineage.data]);
  const option = useMemo(() => (graph ? graphOption(graph, s.lang, keyOf(type, id)) : null), [graph, s.lang, type, id]);
  const page = objectPath({ type, id });
  return (
    <>
      <PageTitle
        extra={
          <Space>
            {page && <Button href={href(page)}>{t('lgOpenObject')}</Button>}
            <Button href={href('/ledger')}>{t('lgBack')}</Button>
          </Space>
        }
      >
        {t('lgLineageOf', { entity: `${label(s.lang, 'lent_', type)} ${shortId(id)}` })}
      </PageTitle>
      <Loadable state={lineage}>
        {(l) => (
          <>
            <Card
              title={t('lgLineage')}
              extra={<Typography.Text type="secondary">{t('lgLineageHint')}</Typography.Text>}
              style={{ marginBottom: 16 }}
            >
              {graph && graph.nodes.length <= 1 && <Alert type="info" showIcon title={t('lgNoLineage')} style={{ marginBottom: 12 }} />}
              {option && (
                <Chart
                  data-testid="lineage-graph"
                  option={option}
                  height={Math.max(320, Math.min(560, 140 + 80 * tallestColumn(graph!)))}
                  onClick={(e) => {
                    const key = (e.data as { name?: string } | undefined)?.name;
                    if (e.dataType === 'node' && key && key !== keyOf(type, id)) {
                      const at = key.indexOf(':');
                      navigate(lineagePath({ type: key.slice(0, at), id: key.slice(at + 1) }));
                    }
                  }}
                />
              )}
            </Card>
            <Card title={t('lgNodes')} style={{ marginBottom: 16 }}>
              <Table<LineageNode>
                data-testid="lineage-nodes"
                size="small"
                rowKey="key"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={graph ? [...graph.nodes].sort((a, b) => a.column - b.column) : []}
                columns={[
                  {
                    title: t('lgDirection'),
                    width: 150,
                    render: (_, n) => (n.column === 0 ? <Tag color="red">{t('lgThisObject')}</Tag> : n.column < 0 ? <Tag color="blue">{t('lgUpstream')}</Tag> : <Tag color="green">{t('lgDownstream')}</Tag>),
                  },
                  { title: t('lgDepth'), width: 70, render: (_, n) => Math.abs(n.column) },
                  { title: t('lgEntity'), render: (_, n) => <EntityLink entity={n} /> },
                  {
                    title: t('actions'),
                    width: 120,
                    render: (_, n) => {
                      const p = objectPath(n);
                      return p ? <a href={href(p)}>{t('lgOpenObject')}</a> : null;
                    },
                  },
                ]}
              />
            </Card>
            <Card title={t('lgEntriesOfEntity')}>
              <Table<LedgerEntry>
                data-testid="lineage-entries"
                size="small"
                rowKey={(e, i) => String(e.seq ?? `pending-${i}`)}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={l.entries}
                locale={{ emptyText: t('lgNoEntries') }}
                columns={[
                  { title: t('lgSeq'), width: 90, render: (_, e) => (e.seq === null ? <Tag color="gold">{t('lgPending')}</Tag> : <a href={href(`/ledger/${e.seq}`)}>#{e.seq}</a>) },
                  { title: t('lgTime'), width: 160, render: (_, e) => formatDateTime(s.lang, e.leaf?.time) },
                  { title: t('lgAction'), render: (_, e) => label(s.lang, 'lact_', e.leaf?.action) },
                  { title: t('lgActor'), render: (_, e) => orgName(s, e.leaf?.actor.org) },
                ]}
              />
            </Card>
          </>
        )}
      </Loadable>
    </>
  );
}
