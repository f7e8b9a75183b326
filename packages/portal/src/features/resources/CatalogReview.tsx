import { Alert, Button, Card, Flex, Input, Modal, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { type CatalogEdition, type CatalogEntry, get, type Items, post, type Resource } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { forgetCatalog, loadCatalog, resourceName } from '../../shared/catalog.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { Loadable, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';

type Decision = 'approve' | 'return' | 'reject';

/**
 * The authority's side of the catalog: entries the departments submitted (approve, return with reasons, reject with
 * reasons), and publishing the next numbered edition with every entry approved since the last one.
 */
export function CatalogReview({ resources, onChanged }: { resources: Resource[]; onChanged(): void }) {
  const s = useSession();
  const t = useT();
  const data = useAsync(async () => {
    const [submitted, approved, edition] = await Promise.all([
      get<Items<CatalogEntry>>('/catalog/entries?state=submitted', s.lang),
      get<Items<CatalogEntry>>('/catalog/entries?state=approved', s.lang),
      loadCatalog(s.lang, true),
    ]);
    return { submitted: submitted.items, approved: approved.items, edition };
  }, [s.lang]);
  const action = useAction();
  const [deciding, setDeciding] = useState<{ entry: CatalogEntry; decision: Decision } | null>(null);
  const [reasons, setReasons] = useState('');
  const [note, setNote] = useState('');
  const byId = new Map(resources.map((r) => [r.id, r]));

  const decide = () =>
    action.run(async () => {
      if (!deciding) return;
      await post<CatalogEntry>(`/catalog/entries/${deciding.entry.id}/decision`, s.lang, { decision: deciding.decision, ...(reasons.trim() ? { reasons: reasons.trim() } : {}) });
      void message.success(t('decisionRecorded'));
      setDeciding(null);
      setReasons('');
      data.reload();
      onChanged();
    });
  const publish = () =>
    action.run(async () => {
      const edition = await post<CatalogEdition>('/catalog/editions', s.lang, { note: note.trim() });
      forgetCatalog();
      void message.success(t('ingEditionPublished', { n: edition.number }));
      setNote('');
      data.reload();
      onChanged();
    });

  const open = (entry: CatalogEntry, decision: Decision) => {
    action.clear();
    setReasons('');
    setDeciding({ entry, decision });
  };
  const needsReasons = deciding !== null && deciding.decision !== 'approve' && reasons.trim().length < 2;
  const code = (e: CatalogEntry) => byId.get(e.resourceId)?.code ?? e.resourceId.slice(0, 8);

  return (
    <>
      <ProblemAlert error={deciding ? null : action.error} />
      <Loadable state={data}>
        {({ submitted, approved, edition }) => (
          <Flex gap={16} wrap style={{ marginBottom: 16 }} align="stretch">
            <Card title={t('ingEntryReview')} size="small" style={{ flex: '3 1 640px' }} data-testid="entry-review">
              <Table<CatalogEntry>
                rowKey="id"
                size="small"
                dataSource={submitted}
                locale={{ emptyText: t('ingNoSubmitted') }}
                pagination={{ pageSize: 5, hideOnSinglePage: true }}
                columns={[
                  {
                    title: t('resources'),
                    render: (_, e) => (
                      <>
                        <code>{code(e)}</code>
                        <div>{resourceName(s.lang, byId.get(e.resourceId), '—')}</div>
                      </>
                    ),
                  },
                  { title: t('publisher'), render: (_, e) => orgName(s, e.orgId) },
                  {
                    title: `${t('openness')} / ${t('grade')}`,
                    render: (_, e) => (
                      <Flex vertical gap={2} align="flex-start">
                        <Tag>{label(s.lang, 'open_', byId.get(e.resourceId)?.openness)}</Tag>
                        <Tag>{label(s.lang, 'grade_', byId.get(e.resourceId)?.grade)}</Tag>
                      </Flex>
                    ),
                  },
                  { title: t('submittedAt'), width: 110, render: (_, e) => formatDateTime(s.lang, e.submittedAt) },
                  {
                    title: t('actions'),
                    render: (_, e) => (
                      <Space size={4} wrap>
                        <Button size="small" type="primary" onClick={() => open(e, 'approve')} data-testid={`entry-approve-${code(e)}`}>
                          {t('approve')}
                        </Button>
                        <Button size="small" onClick={() => open(e, 'return')} data-testid={`entry-return-${code(e)}`}>
                          {t('ingReturn')}
                        </Button>
                        <Button size="small" danger onClick={() => open(e, 'reject')} data-testid={`entry-reject-${code(e)}`}>
                          {t('reject')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
            <Card title={t('ingPublishTitle')} size="small" style={{ flex: '1 1 320px' }} data-testid="edition-panel">
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {edition ? `${t('catalogEdition', { n: edition.number })} · ${formatDateTime(s.lang, edition.publishedAt)}` : t('noCatalog')}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="awaiting-publication">
                {t('ingAwaitingPublication', { n: approved.length })}{' '}
                {approved.map((e) => (
                  <Tag key={e.id} color="green">
                    {code(e)}
                  </Tag>
                ))}
              </Typography.Paragraph>
              <Input.TextArea rows={2} maxLength={2000} placeholder={t('ingEditionNote')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="edition-note" style={{ marginBottom: 8 }} />
              <Button type={approved.length > 0 ? 'primary' : 'default'} block loading={action.pending && !deciding} onClick={() => void publish()} data-testid="publish-edition">
                {t('ingPublish', { n: (edition?.number ?? 0) + 1 })}
              </Button>
            </Card>
          </Flex>
        )}
      </Loadable>
      <Modal
        open={deciding !== null}
        title={deciding ? `${label(s.lang, 'ingDecision_', deciding.decision)} · ${code(deciding.entry)}` : ''}
        onCancel={() => setDeciding(null)}
        onOk={() => void decide()}
        okText={t('confirm')}
        cancelText={t('cancel')}
        okButtonProps={{ disabled: needsReasons, loading: action.pending, danger: deciding?.decision === 'reject', ...({ 'data-testid': 'entry-decision-ok' } as object) }}
        destroyOnHidden
      >
        <ProblemAlert error={action.error} />
        {deciding?.decision === 'approve' && byId.get(deciding.entry.resourceId) && (
          <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('ingApproveHint')} />
        )}
        <Input.TextArea
          rows={4}
          maxLength={2000}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
          placeholder={deciding?.decision === 'approve' ? t('ingReasonsOptional') : t('reasonsRequired')}
          data-testid="entry-reasons"
        />
      </Modal>
    </>
  );
}
