import { Alert, Button, Card, Col, Descriptions, Flex, Row, Space, Tag, Typography } from 'antd';
import { ApiError, get } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, Mono, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { SignatureChecks } from './CheckpointCard.tsx';
import { Check, EntityLink, lineagePath } from './common.tsx';
import { loadEntries, loadLogKeys } from './load.ts';
import type { InclusionProof, LedgerEntry, LogKeys } from './types.ts';
import { type InclusionVerdict, verifyEntryInclusion } from './verify.ts';

type Loaded = { kind: 'proved'; proof: InclusionProof; keys: LogKeys } | { kind: 'pending'; entry: LedgerEntry | undefined };

/** One entry: its leaf and payload, and its inclusion proof checked in the browser against the signed checkpoint. */
export function EntryDetail({ seq }: { seq: number }) {
  const s = useSession();
  const t = useT();
  const data = useAsync<Loaded>(async () => {
    try {
      const [proof, keys] = await Promise.all([get<InclusionProof>(`/ledger/proofs/inclusion?seq=${seq}`, s.lang), loadLogKeys(s.lang)]);
      return { kind: 'proved', proof, keys };
    } catch (err) {
      // not covered by a signed checkpoint yet (or no checkpoint at all): show the entry without a proof
      if (err instanceof ApiError && err.problem.code === 'LEDGER_ENTRY_NOT_IN_CHECKPOINT') return { kind: 'pending', entry: (await loadEntries(s.lang, seq, seq + 1))[0] };
      throw err;
    }
  }, [seq, s.lang]);
  const entry = data.data?.kind === 'proved' ? data.data.proof : data.data?.entry;
  return (
    <>
      <PageTitle
        extra={
          <Space>
            {entry?.leaf && (
              <Button href={href(lineagePath(entry.leaf.entity))} data-testid="open-lineage">
                {t('lgShowLineage')}
              </Button>
            )}
            <Button href={href('/ledger')}>{t('lgBack')}</Button>
          </Space>
        }
      >
        {t('lgEntry', { n: seq })}
      </PageTitle>
      <Loadable state={data}>
        {(d) =>
          d.kind === 'proved' ? (
            <>
              <VerificationCard proof={d.proof} keys={d.keys} />
              <EntryCard entry={d.proof} />
              <ProofCard proof={d.proof} />
            </>
          ) : (
            <>
              <Alert type="warning" showIcon title={t('lgNotInCheckpoint')} style={{ marginBottom: 16 }} data-testid="entry-pending" />
              {d.entry && <EntryCard entry={d.entry} />}
            </>
          )
        }
      </Loadable>
    </>
  );
}

function VerificationCard({ proof, keys }: { proof: InclusionProof; keys: LogKeys }) {
  const t = useT();
  const verdict = useAsync<InclusionVerdict | null>(
    async () => (proof.leaf ? verifyEntryInclusion({ leaf: proof.leaf, leafHash: proof.leafHash, payload: proof.payload, treeSize: proof.treeSize, proof: proof.proof, checkpoint: proof.checkpoint }) : null),
    [proof],
  );
  const v = verdict.data;
  return (
    <Card title={t('lgVerifyTitle')} style={{ marginBottom: 16 }}>
      {verdict.loading || v === undefined ? (
        <Typography.Text type="secondary">{t('lgVerifying')}</Typography.Text>
      ) : (
        <div data-testid="verify-result" data-verified={String(v?.ok === true)}>
          <Alert
            type={v?.ok ? 'success' : 'error'}
            showIcon={false}
            style={{ marginBottom: 12 }}
            title={
              <span style={{ fontSize: 16, fontWeight: 600 }}>
                <span style={{ color: v?.ok ? '#389e0d' : '#cf1322', fontSize: 20, marginInlineEnd: 8 }}>{v?.ok ? '✓' : '✗'}</span>
                {v?.ok ? t('lgVerified', { size: proof.checkpoint.treeSize }) : t('lgNotVerified')}
              </span>
            }
          />
          {v && (
            <Row gutter={[24, 8]}>
              <Col xs={24} xl={12}>
                <Flex vertical gap={8}>
                  <Check ok={v.payload} testId="check-payload">
                    {t('lgCheckPayload')}
                  </Check>
                  <Check ok={v.leafHash} testId="check-leaf">
                    {t('lgCheckLeaf')}
                    <div style={{ fontSize: 12 }}>
                      {t('lgComputed')}: <code>{v.computedLeafHash}</code>
                      <br />
                      {t('lgServed')}: <code>{proof.leafHash}</code>
                    </div>
                  </Check>
                  <Check ok={v.inclusion} testId="check-inclusion">
                    {t('lgCheckInclusion')}
                    <div style={{ fontSize: 12 }}>
                      {t('lgComputed')}: <code>{v.computedRoot ?? '—'}</code>
                      <br />
                      {t('lgRootHash')}: <code>{proof.checkpoint.rootHash}</code>
                    </div>
                  </Check>
                  <Check ok={v.noteMatches} testId="check-note">
                    {t('lgCheckNote')}
                  </Check>
                </Flex>
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
                  {t('lgCheckSignature')}
                </Typography.Text>
                <SignatureChecks note={proof.checkpoint.note} keys={keys} />
              </Col>
            </Row>
          )}
        </div>
      )}
    </Card>
  );
}

function EntryCard({ entry }: { entry: LedgerEntry }) {
  const s = useSession();
  const t = useT();
  const leaf = entry.leaf;
  return (
    <Card title={t('lgLeaf')} style={{ marginBottom: 16 }} data-testid="entry-leaf">
      {leaf && (
        <Descriptions
          size="small"
          column={{ xs: 1, lg: 2 }}
          items={[
            { key: 'seq', label: t('lgSeq'), children: leaf.seq },
            { key: 'time', label: t('lgTime'), children: `${formatDateTime(s.lang, leaf.time)} (${leaf.time})` },
            {
              key: 'action',
              label: t('lgAction'),
              children: (
                <Space>
                  {label(s.lang, 'lact_', leaf.action)}
                  <code>{leaf.action}</code>
                </Space>
              ),
            },
            { key: 'cat', label: t('lgCategory'), children: <Tag>{label(s.lang, 'lgcat_', leaf.category)}</Tag> },
            { key: 'entity', label: t('lgEntity'), children: <EntityLink entity={leaf.entity} /> },
            { key: 'actor', label: t('lgActor'), children: leaf.actor.org ? orgName(s, leaf.actor.org) : '—' },
            { key: 'orgs', label: t('organizations'), span: 2, children: <Space wrap>{leaf.orgs.map((o) => <Tag key={o}>{orgName(s, o)}</Tag>)}</Space> },
            {
              key: 'derived',
              label: t('lgDerivedFrom'),
              span: 2,
              children: leaf.derivedFrom.length ? (
                <Space wrap>
                  {leaf.derivedFrom.map((d) => (
                    <EntityLink key={`${d.type}-${d.id}`} entity={d} />
                  ))}
                </Space>
              ) : (
                '—'
              ),
            },
            { key: 'ph', label: t('lgPayloadHash'), span: 2, children: <Mono>{leaf.payloadHash}</Mono> },
            { key: 'lh', label: t('lgLeafHash'), span: 2, children: entry.leafHash ? <Mono>{entry.leafHash}</Mono> : '—' },
          ]}
        />
      )}
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 6px' }}>
        {t('lgPayload')}
      </Typography.Text>
      <pre data-testid="entry-payload" style={{ background: '#fafafa', border: '1px solid #f0f0f0', padding: 8, fontSize: 12, maxHeight: 240, overflow: 'auto', margin: 0 }}>
        {JSON.stringify(entry.payload, null, 2)}
      </pre>
    </Card>
  );
}

function ProofCard({ proof }: { proof: InclusionProof }) {
  const s = useSession();
  const t = useT();
  return (
    <Card title={t('lgProof')} style={{ marginBottom: 16 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, lg: 2 }}
        items={[
          { key: 'size', label: t('lgTreeSize'), children: proof.treeSize },
          { key: 'at', label: t('lgSignedAt'), children: formatDateTime(s.lang, proof.checkpoint.createdAt) },
          { key: 'root', label: t('lgRootHash'), span: 2, children: <Mono>{proof.checkpoint.rootHash}</Mono> },
        ]}
      />
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 6px' }}>
        {t('lgProofPath', { n: proof.proof.length })}
      </Typography.Text>
      {proof.proof.length === 0 ? (
        <Typography.Text type="secondary">{t('lgProofEmpty')}</Typography.Text>
      ) : (
        <ol data-testid="proof-path" style={{ margin: 0, paddingInlineStart: 24 }}>
          {proof.proof.map((h, i) => (
            <li key={`${i}-${h}`}>
              <code style={{ fontSize: 12 }}>{h}</code>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
