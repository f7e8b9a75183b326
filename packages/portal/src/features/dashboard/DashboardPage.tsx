import { Button, Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { get } from '../../api.ts';
import { formatDate, formatDateTime, type Lang, label } from '../../i18n.ts';
import { orgName, type Session, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { Chart } from './Chart.tsx';
import type { ChartOption } from './EChart.tsx';
import type { Dashboard } from './types.ts';

const PALETTE = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457', '#455a64'];
const STATE_COLORS: Record<string, string> = {
  approved: '#2e7d32', rejected: '#c62828', withdrawn: '#9e9e9e', returned: '#ef6c00', escalated: '#f9a825',
  operator_review: '#1565c0', authority_evaluation: '#6a1b9a', source_confirmation: '#00838f',
  blocked: '#c62828', awaiting_review: '#1565c0', suspend: '#ef6c00', resume: '#2e7d32', terminate: '#c62828',
};

/** A chart card: the chart, or an empty state when there is nothing to draw. */
function ChartCard({ title, empty, testId, children }: { title: ReactNode; empty: boolean; testId: string; children: ReactNode }) {
  const t = useT();
  return (
    <Card title={title} size="small" style={{ height: '100%' }} data-testid={testId} data-empty={String(empty)}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashNoData')} style={{ padding: '48px 0' }} /> : children}
    </Card>
  );
}

function pie(data: { name: string; value: number; color?: string | undefined }[]): ChartOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { orient: 'vertical', left: 0, top: 'middle', itemWidth: 12, itemHeight: 12 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '72%'],
        center: ['64%', '50%'],
        label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
        data: data.map((d) => ({ name: d.name, value: d.value, ...(d.color ? { itemStyle: { color: d.color } } : {}) })),
      },
    ],
  };
}

/** Every Beijing day of [from, until], with the calls metered on it (0 when none). */
function everyDay(from: string, until: string, byDay: { day: string; calls: number }[]): { day: string; calls: number }[] {
  const calls = new Map(byDay.map((d) => [d.day, d.calls]));
  const days: { day: string; calls: number }[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= until; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    days.push({ day, calls: calls.get(day) ?? 0 });
  }
  return days;
}

function charts(d: Dashboard, s: Pick<Session, 'lang' | 'orgs'>, t: ReturnType<typeof useT>) {
  const lang: Lang = s.lang;
  const axisFont = { fontSize: 11 };
  const applications = pie(d.applications.byState.map((r) => ({ name: label(lang, 'app_', r.state), value: r.count, color: STATE_COLORS[r.state] })));
  const stages: ChartOption = {
    color: ['#1565c0', '#c62828', '#ef6c00'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.applications.stages.map((r) => label(lang, 'stage_', r.kind)), axisLabel: { ...axisFont, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: t('dashOpen'), data: d.applications.stages.map((r) => r.open), barMaxWidth: 32 },
      { type: 'bar', name: t('dashOverdue'), data: d.applications.stages.map((r) => r.overdue), barMaxWidth: 32 },
      { type: 'bar', name: t('dashClosedLate'), data: d.applications.stages.map((r) => r.closedLate), barMaxWidth: 32 },
    ],
  };
  const days = everyDay(d.productCalls.from, d.productCalls.until, d.productCalls.byDay);
  const callsByDay: ChartOption = {
    color: ['#b71c1c'],
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: days.map((x) => x.day.slice(5)), axisLabel: axisFont },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', name: t('dashCalls'), data: days.map((x) => x.calls), smooth: true, areaStyle: { opacity: 0.15 }, symbolSize: 5 }],
  };
  const productName = (p: Dashboard['productCalls']['byProduct'][number]) => (lang === 'en' ? (p.nameEn ?? p.nameZh) : p.nameZh);
  const products = [...d.productCalls.byProduct].reverse();
  const callsByProduct: ChartOption = {
    color: ['#1565c0'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: products.map(productName), axisLabel: { ...axisFont, width: 150, overflow: 'truncate' } },
    series: [{ type: 'bar', name: t('dashCalls'), data: products.map((p) => p.calls), barMaxWidth: 22, label: { show: true, position: 'right' } }],
  };
  const grants = [...d.epsilon.byGrant].reverse();
  const epsilon: ChartOption = {
    color: ['#b71c1c', '#c8e6c9'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: grants.map((g) => `${orgName(s, g.assigneeOrgId)}\n${g.grantId.slice(0, 8)}`), axisLabel: { ...axisFont, width: 190, overflow: 'truncate', lineHeight: 14 } },
    series: [
      { type: 'bar', stack: 'eps', name: t('dashEpsilonSpent'), data: grants.map((g) => g.epsilonSpent), barMaxWidth: 22 },
      { type: 'bar', stack: 'eps', name: t('dashEpsilonLeft'), data: grants.map((g) => (g.epsilonTotal === null ? 0 : Math.max(0, Math.round((g.epsilonTotal - g.epsilonSpent) * 1e6) / 1e6))), barMaxWidth: 22 },
    ],
  };
  const exports = pie(d.exports.byState.map((r) => ({ name: label(lang, 'dashexp_', r.state), value: r.count, color: STATE_COLORS[r.state] })));
  const actions: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.suspensions.byKind.map((r) => label(lang, 'act_', r.kind)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: d.suspensions.byKind.map((r) => ({ value: r.count, itemStyle: { color: STATE_COLORS[r.kind] ?? '#1565c0' } })), barMaxWidth: 40, label: { show: true, position: 'top' } }],
  };
  return { applications, stages, callsByDay, callsByProduct, epsilon, exports, actions };
}

/** The regulator's (and the authority's) read-only dashboards across every tenant. */
export function DashboardPage(_: { id?: string | undefined }) {
  const s = useSession();
  const t = useT();
  const data = useAsync(() => get<Dashboard>('/supervision/dashboard', s.lang), [s.lang]);
  return (
    <>
      <PageTitle extra={<Button onClick={data.reload} data-testid="dashboard-refresh">{t('refresh')}</Button>}>{t('navDashboard')}</PageTitle>
      <Loadable state={data}>{(d) => <DashboardView d={d} />}</Loadable>
    </>
  );
}

function DashboardView({ d }: { d: Dashboard }) {
  const s = useSession();
  const t = useT();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const c = useMemo(() => charts(d, s, t), [d, s.lang, s.orgs]);
  const rowHeight = Math.max(220, 70 + 34 * d.epsilon.byGrant.length);
  const overdueStages = d.applications.stages.reduce((n, r) => n + r.overdue, 0);
  const kpis = [
    { key: 'applications', title: t('dashKpiApplications'), value: d.applications.total },
    { key: 'overdue', title: t('dashKpiOverdue'), value: overdueStages, danger: overdueStages > 0 },
    { key: 'calls', title: t('dashKpiCalls'), value: d.productCalls.total },
    { key: 'epsilon', title: t('dashKpiEpsilon'), value: d.epsilon.spent, suffix: d.epsilon.total ? `/ ${d.epsilon.total}` : undefined },
    { key: 'exports', title: t('dashKpiExports'), value: d.exports.total },
    { key: 'suspended', title: t('dashKpiSuspended'), value: d.suspensions.current.length, danger: d.suspensions.current.length > 0 },
  ];
  return (
    <div data-testid="dashboard">
      <Typography.Paragraph type="secondary">
        {t('dashIntro')} {t('dashGenerated', { time: formatDateTime(s.lang, d.generatedAt) })}
      </Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {kpis.map((k) => (
          <Col key={k.key} xs={12} md={8} xl={4}>
            <Card size="small" data-testid={`kpi-${k.key}`}>
              <Statistic title={k.title} value={k.value} suffix={k.suffix} styles={{ content: k.danger ? { color: '#cf1322' } : {} }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={10}>
          <ChartCard title={t('dashAppsByState')} empty={d.applications.byState.length === 0} testId="chart-applications">
            <Chart option={c.applications} height={260} />
          </ChartCard>
        </Col>
        <Col xs={24} lg={14}>
          <ChartCard title={t('dashStages')} empty={d.applications.stages.length === 0} testId="chart-stages">
            <Chart option={c.stages} height={260} />
          </ChartCard>
        </Col>
      </Row>
      {d.applications.overdue.length > 0 && (
        <Card size="small" title={t('dashOverdueList')} style={{ marginBottom: 16 }}>
          <Table
            data-testid="overdue-stages"
            size="small"
            rowKey="stageId"
            pagination={{ pageSize: 5, hideOnSinglePage: true }}
            dataSource={d.applications.overdue}
            columns={[
              { title: t('number'), render: (_, o) => <a href={href(`/applications/${o.applicationId}`)}>{o.number}</a> },
              { title: t('dashAppTitle'), dataIndex: 'title' },
              { title: t('currentStage'), render: (_, o) => label(s.lang, 'stage_', o.kind) },
              { title: t('reviewer'), render: (_, o) => orgName(s, o.reviewerOrgId) },
              { title: t('dashDueAt'), render: (_, o) => <Typography.Text type="danger">{formatDateTime(s.lang, o.dueAt)}</Typography.Text> },
            ]}
          />
        </Card>
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <ChartCard title={t('dashCallsByDay', { from: formatDate(s.lang, d.productCalls.from), until: formatDate(s.lang, d.productCalls.until) })} empty={d.productCalls.total === 0} testId="chart-calls">
            <Chart option={c.callsByDay} height={240} />
          </ChartCard>
        </Col>
        <Col xs={24} lg={10}>
          <ChartCard title={t('dashCallsByProduct')} empty={d.productCalls.byProduct.length === 0} testId="chart-products">
            <Chart option={c.callsByProduct} height={240} />
          </ChartCard>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <ChartCard
            title={
              <span>
                {t('dashEpsilonByGrant')}{' '}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                  {t('dashEpsilonOf', { spent: d.epsilon.spent, total: d.epsilon.total, grants: d.epsilon.grants })}
                </Typography.Text>
              </span>
            }
            empty={d.epsilon.byGrant.length === 0}
            testId="chart-epsilon"
          >
            <Chart option={c.epsilon} height={rowHeight} />
          </ChartCard>
        </Col>
        <Col xs={24} lg={10}>
          <ChartCard title={t('dashExportsByState')} empty={d.exports.byState.length === 0} testId="chart-exports">
            <Chart option={c.exports} height={rowHeight} />
          </ChartCard>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <ChartCard title={t('dashActionsByKind')} empty={d.suspensions.byKind.length === 0} testId="chart-actions">
            <Chart option={c.actions} height={220} />
          </ChartCard>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('dashCurrentSuspensions')} style={{ height: '100%' }}>
            <Table
              data-testid="current-suspensions"
              size="small"
              rowKey={(r) => r.admissionId ?? r.orgId}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={d.suspensions.current}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashNoSuspensions')} /> }}
              columns={[
                { title: t('organization'), render: (_, r) => orgName(s, r.orgId) },
                { title: t('orgType'), render: (_, r) => label(s.lang, 'org_', r.orgType) },
                { title: t('dashScope'), render: (_, r) => (r.admissionId ? t('dashScopeAdmission', { operator: orgName(s, r.operatorOrgId) }) : <StateTag prefix="status_" value="suspended" />) },
                { title: t('dashSince'), render: (_, r) => formatDateTime(s.lang, r.since) },
                { title: t('rectificationDue'), render: (_, r) => formatDate(s.lang, r.rectificationDue) },
                { title: t('reasons'), dataIndex: 'reasons', ellipsis: true },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
