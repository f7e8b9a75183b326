import { Alert, Card, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { checkStatus, formatBytes } from './parts.tsx';
import type { ExportCheck, ExportRequest } from './types.ts';

const STATUS_COLORS = { passed: 'green', blocked: 'red', skipped: 'default' } as const;

/**
 * The summary lines the API builds in the reader's language, grouped by check: the first line is the overall
 * verdict, then one line per check followed by its indented findings ("  - ") and notes ("  · "), in the report's
 * order. Only counts, column names and thresholds: the report never holds a data value.
 */
function detailsByCheck(summary: string[] | undefined, count: number): string[][] {
  const groups: string[][] = [];
  for (const line of (summary ?? []).slice(1)) {
    if (line.startsWith('  ')) groups[groups.length - 1]?.push(line.trim());
    else groups.push([]);
  }
  return groups.length === count ? groups : Array.from({ length: count }, () => []);
}

/** What the automated checks found: which check passed, was blocked or did not apply, and why. */
export function ChecksSummary({ e }: { e: ExportRequest }) {
  const s = useSession();
  const t = useT();
  const checks = (e.checks.checks ?? []) as ExportCheck[];
  const details = detailsByCheck(e.summary, checks.length);
  const vars = { rows: e.checks.rows ?? 0, bytes: formatBytes(e.checks.bytes) };
  const rows = checks.map((c, i) => ({ check: c, details: details[i] ?? [] }));
  return (
    <Card title={t('exportChecksTitle')} size="small" style={{ marginBottom: 16 }} data-testid="export-checks">
      <Alert
        type={e.checks.passed ? 'success' : 'error'}
        showIcon
        title={e.checks.passed ? t('exportChecksOverallPassed', vars) : t('exportChecksOverallFailed', vars)}
        style={{ marginBottom: 8 }}
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8, fontSize: 12 }}>
        {t('exportChecksNote')}
      </Typography.Paragraph>
      <Table
        rowKey={(r) => r.check.name}
        size="small"
        pagination={false}
        dataSource={rows}
        onRow={(r) => ({ 'data-testid': `check-${r.check.name}`, 'data-status': checkStatus(r.check) }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('exportCheck'), width: 150, render: (_, r) => <Typography.Text strong>{label(s.lang, 'exc_', r.check.name)}</Typography.Text> },
          {
            title: t('exportCheckResult'),
            width: 90,
            render: (_, r) => {
              const status = checkStatus(r.check);
              return <Tag color={STATUS_COLORS[status]}>{label(s.lang, 'excs_', status)}</Tag>;
            },
          },
          {
            title: t('exportCheckDetails'),
            render: (_, r) =>
              r.details.length === 0 ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {r.details.map((d, i) => {
                    const blocking = d.includes('【阻斷】') || d.includes('[blocking]');
                    return (
                      <li key={i}>
                        <Typography.Text type={blocking ? 'danger' : d.startsWith('·') ? 'secondary' : undefined}>{d.replace(/^[-·]\s*/, '')}</Typography.Text>
                      </li>
                    );
                  })}
                </ul>
              ),
          },
        ]}
      />
    </Card>
  );
}
