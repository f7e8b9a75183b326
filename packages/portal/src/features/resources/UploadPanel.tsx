import { Alert, Button, Card, Flex, Progress, Select, Space, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ApiError, Resource } from '../../api.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { formatOfFile, type UploadHandle, uploadVersion } from './upload.ts';
import type { IngestedVersion, UploadEncoding } from './types.ts';

export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

type Phase = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'processing' } | { kind: 'done'; version: IngestedVersion } | { kind: 'failed'; error: ApiError; sent: number; total: number };

/**
 * The source department uploads a new version of a resource: a CSV (UTF-8, GB18030 or GBK), JSON lines or Parquet
 * file streamed as the request body, with the upload's progress; then the platform checks it against the declared
 * fields, converts, hashes, profiles and scans it (the "processing" phase), and answers with the new version.
 */
export function UploadPanel({ resource, onIngested }: { resource: Resource; onIngested(v: IngestedVersion): void }) {
  const s = useSession();
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<UploadEncoding>('auto');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const handle = useRef<UploadHandle | null>(null);
  useEffect(() => () => handle.current?.abort(), []);

  const format = file ? formatOfFile(file) : undefined;
  const busy = phase.kind === 'uploading' || phase.kind === 'processing';

  const start = () => {
    if (!file || !format) return;
    const h = uploadVersion(resource.id, file, {
      lang: s.lang,
      format,
      encoding,
      onProgress: (p) => setPhase(p.sent ? { kind: 'processing' } : { kind: 'uploading', loaded: p.loaded, total: p.total }),
    });
    handle.current = h;
    h.promise
      .then((version) => {
        setPhase({ kind: 'done', version });
        onIngested(version);
      })
      .catch((error: ApiError) => setPhase((prev) => ({ kind: 'failed', error, sent: prev.kind === 'uploading' ? prev.loaded : file.size, total: file.size })))
      .finally(() => {
        handle.current = null;
      });
  };

  const percent =
    phase.kind === 'uploading' ? (phase.total > 0 ? Math.floor((phase.loaded / phase.total) * 100) : 0) : phase.kind === 'processing' || phase.kind === 'done' ? 100 : phase.kind === 'failed' ? Math.floor((phase.sent / Math.max(1, phase.total)) * 100) : 0;

  return (
    <Card size="small" title={t('ingUploadTitle')} style={{ marginBottom: 12 }} data-testid="upload-panel">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('ingUploadIntro')}
      </Typography.Paragraph>
      <Flex gap={16} align="stretch" wrap>
        <div style={{ flex: '1 1 320px', minWidth: 280 }} data-testid="upload-drop">
          <Upload.Dragger
            accept=".csv,.txt,.jsonl,.ndjson,.parquet"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(f) => {
              setFile(f);
              setPhase({ kind: 'idle' });
              return false; // never let antd send it: the panel streams it itself
            }}
            style={{ padding: '4px 8px' }}
          >
            <p style={{ fontSize: 28, lineHeight: 1, margin: '4px 0', color: '#b71c1c' }} aria-hidden>
              ⇪
            </p>
            <p className="ant-upload-text">{t('ingChooseFile')}</p>
            <p className="ant-upload-hint">{t('ingFormats')}</p>
          </Upload.Dragger>
        </div>
        <Flex vertical gap={8} style={{ flex: '1 1 360px', minWidth: 300 }}>
          <Space wrap>
            <Typography.Text strong data-testid="upload-file-name">
              {file ? file.name : t('ingNoFile')}
            </Typography.Text>
            {file && <Typography.Text type="secondary">{size(file.size)}</Typography.Text>}
          </Space>
          {file && !format && <Alert type="warning" showIcon title={t('ingUnknownFormat')} />}
          <Space wrap>
            <span>{t('encoding')}</span>
            <Select<UploadEncoding>
              data-testid="upload-encoding"
              value={encoding}
              onChange={setEncoding}
              disabled={busy || format !== 'csv'}
              style={{ width: 180 }}
              options={(['auto', 'utf-8', 'gb18030', 'gbk'] as const).map((e) => ({ value: e, label: e === 'auto' ? t('ingEncodingAuto') : e.toUpperCase() }))}
            />
            <Button type="primary" disabled={!file || !format || busy || phase.kind === 'done'} loading={busy} onClick={start} data-testid="upload-start">
              {t('uploadFile')}
            </Button>
            {phase.kind === 'uploading' && (
              <Button onClick={() => handle.current?.abort()} data-testid="upload-cancel">
                {t('cancel')}
              </Button>
            )}
          </Space>
          {phase.kind !== 'idle' && (
            <div data-testid="upload-progress" data-percent={percent} data-phase={phase.kind}>
              <Progress percent={percent} format={(p) => `${p ?? 0}%`} status={phase.kind === 'failed' ? 'exception' : phase.kind === 'done' ? 'success' : 'active'} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {phase.kind === 'uploading' && t('ingSent', { sent: size(phase.loaded), total: size(phase.total) })}
                {phase.kind === 'processing' && t('ingProcessing')}
                {phase.kind === 'done' && t('ingSentAll', { total: size(file?.size ?? 0) })}
              </Typography.Text>
            </div>
          )}
        </Flex>
      </Flex>
      {phase.kind === 'done' && (
        <Alert
          type="success"
          showIcon
          data-testid="upload-done"
          style={{ marginTop: 12 }}
          title={t('ingIngested', { n: phase.version.version, rows: phase.version.rows.toLocaleString(), size: size(phase.version.bytes) })}
          description={t('ingIngestedNext')}
        />
      )}
      {phase.kind === 'failed' && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={phase.error} />
        </div>
      )}
    </Card>
  );
}
