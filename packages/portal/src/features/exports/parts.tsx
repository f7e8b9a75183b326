import { Tag } from 'antd';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import type { ExportCheck, ExportRequest } from './types.ts';

const STATE_COLORS: Record<string, string> = { blocked: 'red', awaiting_review: 'blue', approved: 'green', rejected: 'volcano' };

export function ExportStateTag({ state }: { state: string }) {
  const { lang } = useSession();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="export-state" data-state={state}>
      {label(lang, 'exs_', state)}
    </Tag>
  );
}

/** Whether the automated checks passed, from the stored report. */
export function checksPassed(e: ExportRequest): boolean {
  return e.checks.passed === true;
}

export function ChecksTag({ e }: { e: ExportRequest }) {
  const t = useT();
  return checksPassed(e) ? <Tag color="green">{t('exportChecksPassed')}</Tag> : <Tag color="red">{t('exportChecksBlocked')}</Tag>;
}

export function checkStatus(c: ExportCheck): 'passed' | 'blocked' | 'skipped' {
  if (!c.passed) return 'blocked';
  return c.skipped ? 'skipped' : 'passed';
}

/** Distinct reviewers who approved. */
export function approvals(e: ExportRequest): number {
  return new Set(e.reviews.filter((r) => r.decision === 'approve').map((r) => r.reviewerUserId)).size;
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
