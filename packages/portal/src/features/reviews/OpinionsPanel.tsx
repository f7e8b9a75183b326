import { Button, Card, Flex, Input, Radio, Select, Space, Table, message } from 'antd';
import { useState } from 'react';
import { type Application, type ExpertOpinion, post } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

type Recommendation = 'approve' | 'approve_with_conditions' | 'reject';

/** Expert opinions (Art. 5.4): the authority requests them during its evaluation; the expert gives its opinion once. */
export function OpinionsPanel({ app, onDone }: { app: Application; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [expert, setExpert] = useState<string>();
  const [question, setQuestion] = useState('');
  const [answers, setAnswers] = useState<Record<string, { recommendation: Recommendation; opinion: string }>>({});
  const isAuthority = s.me.organization.type === 'authority' && hasRole(s.me, 'reviewer', 'admin');
  const canRequest = isAuthority && app.state === 'authority_evaluation';
  const experts = [...s.orgs.values()].filter((o) => o.type === 'expert');
  if (app.opinions.length === 0 && !canRequest) return null;

  const request = () =>
    action.run(async () => {
      await post<ExpertOpinion>(`/applications/${app.id}/expert-opinions`, s.lang, { expertOrgId: expert, question });
      void message.success(t('opinionRequested'));
      setQuestion('');
      onDone();
    });
  const give = (o: ExpertOpinion) =>
    action.run(async () => {
      const a = answers[o.id] ?? { recommendation: 'approve', opinion: '' };
      await post<ExpertOpinion>(`/expert-opinions/${o.id}`, s.lang, a);
      void message.success(t('opinionGiven'));
      onDone();
    });

  return (
    <Card title={t('expertOpinions')} style={{ marginBottom: 16 }} data-testid="opinions">
      <ProblemAlert error={action.error} />
      {app.opinions.length > 0 && (
        <Table<ExpertOpinion>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={app.opinions}
          columns={[
            { title: t('expert'), render: (_, o) => orgName(s, o.expertOrgId) },
            { title: t('question'), dataIndex: 'question' },
            {
              title: t('recommendation'),
              render: (_, o) => {
                if (o.submittedAt) return <StateTag prefix="rec_" value={o.recommendation} />;
                if (o.expertOrgId !== s.me.organization.id) return <StateTag prefix="" value={t('awaitingOpinion')} />;
                const a = answers[o.id] ?? { recommendation: 'approve' as Recommendation, opinion: '' };
                return (
                  <Flex vertical gap={6} style={{ minWidth: 280 }}>
                    <Radio.Group
                      value={a.recommendation}
                      onChange={(e) => setAnswers({ ...answers, [o.id]: { ...a, recommendation: e.target.value as Recommendation } })}
                      options={(['approve', 'approve_with_conditions', 'reject'] as const).map((r) => ({ value: r, label: label(s.lang, 'rec_', r) }))}
                    />
                    <Input.TextArea rows={2} placeholder={t('opinion')} value={a.opinion} onChange={(e) => setAnswers({ ...answers, [o.id]: { ...a, opinion: e.target.value } })} />
                    <Button type="primary" size="small" disabled={!a.opinion.trim()} loading={action.pending} onClick={() => void give(o)}>
                      {t('giveOpinion')}
                    </Button>
                  </Flex>
                );
              },
            },
            { title: t('opinion'), render: (_, o) => o.opinion ?? '—' },
            { title: t('submittedAt'), width: 140, render: (_, o) => formatDateTime(s.lang, o.submittedAt ?? o.requestedAt) },
          ]}
        />
      )}
      {canRequest && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Select placeholder={t('expert')} style={{ width: 260 }} value={expert} onChange={setExpert} options={experts.map((o) => ({ value: o.id, label: orgName(s, o.id) }))} />
          <Input placeholder={t('question')} value={question} onChange={(e) => setQuestion(e.target.value)} />
          <Button disabled={!expert || !question.trim()} loading={action.pending} onClick={() => void request()}>
            {t('requestOpinion')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
