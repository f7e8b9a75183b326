import { Button, Card, Flex, Input, Space, message } from 'antd';
import { useState } from 'react';
import { type Grant, type Job, type JobStatement, post, tableName } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import { TablesHint } from './SqlRunner.tsx';

/** Write a job: a name and named SELECT statements, each writing one in-domain result table. */
export function JobEditor({ grant, onSaved }: { grant: Grant; onSaved(): void }) {
  const s = useSession();
  const t = useT();
  const first = grant.policy.targets?.[0];
  const [name, setName] = useState('');
  const [statements, setStatements] = useState<JobStatement[]>([{ output: 'result_1', sql: first ? `SELECT count(*) AS n FROM ${tableName(first.resource)}` : '' }]);
  const action = useAction();
  const save = () =>
    action.run(async () => {
      await post<Job>(`/grants/${grant.id}/jobs`, s.lang, { name, statements });
      void message.success(t('jobSaved'));
      setName('');
      onSaved();
    });
  const update = (i: number, patch: Partial<JobStatement>) => setStatements(statements.map((st, j) => (j === i ? { ...st, ...patch } : st)));
  return (
    <Card title={t('saveJob')} size="small" style={{ marginBottom: 16 }} data-testid="job-editor">
      <ProblemAlert error={action.error} />
      <TablesHint grant={grant} />
      <Flex vertical gap={8}>
        <Input data-testid="job-name" placeholder={t('jobName')} value={name} onChange={(e) => setName(e.target.value)} style={{ maxWidth: 360 }} />
        {statements.map((st, i) => (
          <Flex key={i} gap={8} align="start">
            <Input data-testid={`job-output-${i}`} value={st.output} onChange={(e) => update(i, { output: e.target.value })} placeholder={t('output')} style={{ width: 180 }} />
            <Input.TextArea data-testid={`job-sql-${i}`} value={st.sql} onChange={(e) => update(i, { sql: e.target.value })} autoSize={{ minRows: 2, maxRows: 8 }} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
          </Flex>
        ))}
        <Space>
          <Button data-testid="job-add-statement" onClick={() => setStatements([...statements, { output: `result_${statements.length + 1}`, sql: '' }])}>{t('addStatement')}</Button>
          <Button type="primary" data-testid="job-save" loading={action.pending} disabled={!name.trim() || statements.some((st) => !st.output.trim() || !st.sql.trim())} onClick={() => void save()}>
            {t('saveJob')}
          </Button>
        </Space>
      </Flex>
    </Card>
  );
}
