import { Alert, Button, Card, Flex, Input, Space, Typography, message } from 'antd';
import { useState } from 'react';
import { post } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import type { ExportRequest } from './types.ts';

/**
 * A reviewer of the authority decides with the checks' summary in front of them. Each reviewer decides once: a second
 * decision by the same person is the API's to refuse (EXPORT_ALREADY_REVIEWED, shown as it comes); a blocked request
 * can only be rejected.
 */
export function ReviewPanel({ e, onDecided }: { e: ExportRequest; onDecided(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const [reasons, setReasons] = useState('');
  const [missingReasons, setMissingReasons] = useState(false);
  const reviewedByMe = e.reviews.some((r) => r.reviewerUserId === s.me.user.id);
  const blocked = e.state === 'blocked';
  const decide = (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && !reasons.trim()) {
      setMissingReasons(true);
      return;
    }
    setMissingReasons(false);
    void action.run(async () => {
      await post<ExportRequest>(`/exports/${e.id}/review`, s.lang, { decision, ...(reasons.trim() ? { reasons: reasons.trim() } : {}) });
      void message.success(t('decisionRecorded'));
      setReasons('');
      onDecided();
    });
  };
  return (
    <Card title={t('exportReviewTitle')} size="small" style={{ marginBottom: 16 }} data-testid="export-review">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('exportReviewHelp')}</Typography.Text>
        {reviewedByMe && <Alert type="warning" showIcon title={t('exportAlreadyReviewedHint')} data-testid="export-already-reviewed" />}
        {blocked && <Alert type="warning" showIcon title={t('exportBlockedReviewHint')} />}
        <ProblemAlert error={action.error} />
        <Input.TextArea
          data-testid="export-reasons"
          placeholder={t('exportReasons')}
          value={reasons}
          status={missingReasons ? 'error' : undefined}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={4000}
          onChange={(ev) => setReasons(ev.target.value)}
        />
        {missingReasons && <Typography.Text type="danger">{t('exportReasonsRequired')}</Typography.Text>}
        <Space>
          {!blocked && (
            <Button type="primary" data-testid="export-approve" loading={action.pending} onClick={() => decide('approve')}>
              {t('exportApprove')}
            </Button>
          )}
          <Button danger data-testid="export-reject" loading={action.pending} onClick={() => decide('reject')}>
            {t('exportReject')}
          </Button>
        </Space>
      </Flex>
    </Card>
  );
}
