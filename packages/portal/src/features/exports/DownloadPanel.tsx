import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, post, type Problem } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { Mono, ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import type { DownloadLink, ExportRequest } from './types.ts';

/**
 * The requester of a released export creates a download link: the link is the credential, works once and for an
 * hour. Once used, the panel says so; "use this link again" asks the platform, which refuses (problem+json).
 */
export function DownloadPanel({ e }: { e: ExportRequest }) {
  const s = useSession();
  const t = useT();
  const create = useAction();
  const retry = useAction();
  const [link, setLink] = useState<DownloadLink | null>(null);
  const [used, setUsed] = useState(false);
  const newLink = () =>
    void create.run(async () => {
      setLink(await post<DownloadLink>(`/exports/${e.id}/links`, s.lang));
      setUsed(false);
      retry.clear();
    });
  const tryAgain = () =>
    void retry.run(async () => {
      const res = await fetch(link!.url, { headers: { 'accept-language': s.lang, accept: 'application/problem+json' }, credentials: 'omit' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Problem | null;
        throw new ApiError(body && typeof body.title === 'string' ? body : { status: res.status, code: `HTTP_${res.status}`, title: res.statusText });
      }
      await res.body?.cancel();
    });
  return (
    <Card title={t('exportDownloadTitle')} size="small" style={{ marginBottom: 16 }} data-testid="export-download-panel">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('exportDownloadHelp')}</Typography.Text>
        <ProblemAlert error={create.error} />
        {link && (
          <Alert
            type={used ? 'info' : 'success'}
            showIcon
            data-testid={used ? 'export-link-used' : 'export-link-ready'}
            title={used ? t('exportLinkUsed') : t('exportLinkReady', { time: formatDateTime(s.lang, link.expiresAt) })}
            description={<Mono>{link.url}</Mono>}
          />
        )}
        <Flex gap={8} wrap>
          <Button type={link && !used ? 'default' : 'primary'} data-testid="export-create-link" loading={create.pending} onClick={newLink}>
            {t('exportCreateLink')}
          </Button>
          {link && !used && (
            <Button
              type="primary"
              href={link.url}
              download
              data-testid="export-download"
              // the browser follows the link first; only then is the link marked as spent here
              onClick={() => setTimeout(() => setUsed(true), 0)}
            >
              {t('exportDownload')}
            </Button>
          )}
          {link && used && (
            <Button data-testid="export-try-again" loading={retry.pending} onClick={tryAgain}>
              {t('exportTryAgain')}
            </Button>
          )}
        </Flex>
        <ProblemAlert error={retry.error} />
      </Flex>
    </Card>
  );
}
