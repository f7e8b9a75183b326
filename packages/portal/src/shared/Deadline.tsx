import { Tag, Tooltip } from 'antd';
import type { Stage } from '../api.ts';
import { formatDateTime } from '../i18n.ts';
import { orgName, useSession, useT } from './context.ts';

/** A stage's deadline and its countdown in working days; overdue stages say who is late. */
export function Deadline({ stage }: { stage: Stage }) {
  const s = useSession();
  const t = useT();
  if (stage.closedAt) return <span>{formatDateTime(s.lang, stage.dueAt)}</span>;
  const left = stage.workingDaysLeft;
  const tag = stage.overdue ? (
    <Tag color="red" data-testid="overdue">{t('late', { org: orgName(s, stage.reviewerOrgId) })}</Tag>
  ) : left === 0 ? (
    <Tag color="orange">{t('dueToday')}</Tag>
  ) : left != null ? (
    <Tag color={left <= 1 ? 'orange' : 'blue'} data-testid="working-days-left">{t('workingDaysLeft', { n: left })}</Tag>
  ) : null;
  return (
    <Tooltip title={`${t('deadline')}: ${formatDateTime(s.lang, stage.dueAt)}`}>
      <span>
        {formatDateTime(s.lang, stage.dueAt)} {tag}
      </span>
    </Tooltip>
  );
}

export function currentStage(stages: Stage[]): Stage | undefined {
  return stages.find((st) => !st.closedAt);
}
