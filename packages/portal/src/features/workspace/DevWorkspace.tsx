import { Card, Typography } from 'antd';
import { type Grant, tableName } from '../../api.ts';
import { useT } from '../../shared/context.ts';
import { SqlRunner } from './SqlRunner.tsx';

/** Dev workspace: free SQL on the masked twins of the granted resources. */
export function DevWorkspace({ grant }: { grant: Grant }) {
  const t = useT();
  const first = grant.policy.targets?.[0];
  const sql = first ? `SELECT * FROM ${tableName(first.resource)} LIMIT 20` : 'SELECT 1';
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('devIntro')}</Typography.Paragraph>
      <SqlRunner grant={grant} path="dev/queries" initialSql={sql} runLabel={t('runDev')} testId="dev" />
    </Card>
  );
}
