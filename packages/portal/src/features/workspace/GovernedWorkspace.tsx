import { Card, Typography } from 'antd';
import { type Grant, tableName } from '../../api.ts';
import { useT } from '../../shared/context.ts';
import { SqlRunner } from './SqlRunner.tsx';

/** Prod workspace: one governed SELECT on real data, under the grant's column controls, threshold and ε budget. */
export function GovernedWorkspace({ grant, onSpent }: { grant: Grant; onSpent(): void }) {
  const t = useT();
  const first = grant.policy.targets?.[0];
  const groupBy = first?.fields.find((f) => f.control === 'plaintext_after_group_by' || f.control === 'plaintext');
  const sql = first && groupBy ? `SELECT ${groupBy.name}, count(*) AS n\nFROM ${tableName(first.resource)}\nGROUP BY ${groupBy.name}` : first ? `SELECT count(*) AS n FROM ${tableName(first.resource)}` : 'SELECT 1';
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('prodIntro')}</Typography.Paragraph>
      <SqlRunner grant={grant} path="queries" initialSql={sql} runLabel={t('runProd')} testId="prod" onAnswered={onSpent} />
    </Card>
  );
}
