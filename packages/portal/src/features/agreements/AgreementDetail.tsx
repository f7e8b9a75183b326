import { Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Tooltip, message } from 'antd';
import { type Agreement, get, post } from '../../api.ts';
import { formatDate, formatDateTime, label } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, Mono, PageTitle, ProblemAlert, StateTag } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { agreementTitle } from './AgreementsPage.tsx';

/** One agreement: its document (HTML and PDF), canonical hash, every party and its verified SM2 signature, and the sign button. */
export function AgreementDetail({ id }: { id: string }) {
  const s = useSession();
  const t = useT();
  const ag = useAsync(() => get<Agreement>(`/agreements/${id}`, s.lang), [id, s.lang]);
  const action = useAction();
  const sign = () =>
    action.run(async () => {
      await post<Agreement>(`/agreements/${id}/signatures`, s.lang, {});
      void message.success(t('signedOk'));
      ag.reload();
      s.refreshInbox();
    });
  return (
    <Loadable state={ag}>
      {(a) => {
        const mine = a.awaiting.includes(s.me.organization.id);
        const signatory = hasRole(s.me, 'signatory');
        const parties = a.document.parties ?? a.signerOrgIds.map((orgId) => ({ organizationId: orgId, role: '', nameZh: orgName(s, orgId), nameEn: null }));
        const docUrl = `/api/v1/agreements/${a.id}/document.html`;
        return (
          <>
            <PageTitle
              extra={
                <Space>
                  <Button href={href('/agreements')}>{t('back')}</Button>
                  {mine && (
                    <Tooltip title={signatory ? undefined : t('needSignatory')}>
                      <Popconfirm title={t('signConfirm')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => void sign()} disabled={!signatory}>
                        <Button type="primary" disabled={!signatory} loading={action.pending} data-testid="sign">
                          {t('sign')}
                        </Button>
                      </Popconfirm>
                    </Tooltip>
                  )}
                </Space>
              }
            >
              <Space>
                <span>{agreementTitle(s.lang, a)}</span>
                <StateTag prefix="ags_" value={a.state} />
              </Space>
            </PageTitle>
            <ProblemAlert error={action.error} />
            <Card style={{ marginBottom: 16 }}>
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'n', label: t('number'), children: a.number },
                  { key: 'k', label: t('agreementKind'), children: label(s.lang, 'ag_', a.kind) },
                  { key: 'v', label: t('validity_'), children: `${formatDate(s.lang, a.validFrom)} – ${formatDate(s.lang, a.validUntil)}` },
                  { key: 'f', label: t('inForceAt'), children: formatDateTime(s.lang, a.inForceAt) },
                  { key: 'h', label: t('hash'), span: 2, children: <Mono>{a.hash}</Mono> },
                ]}
              />
            </Card>
            <Card title={t('parties')} style={{ marginBottom: 16 }}>
              <Table
                data-testid="signatures"
                rowKey="organizationId"
                size="small"
                pagination={false}
                dataSource={parties}
                columns={[
                  { title: '', width: 70, render: (_, p) => (p.designation ? (s.lang === 'en' ? p.designation.en : p.designation.zh) : '') },
                  { title: t('organization'), render: (_, p) => orgName(s, p.organizationId) },
                  {
                    title: t('state'),
                    render: (_, p) => {
                      const sig = a.signatures.find((x) => x.orgId === p.organizationId);
                      if (!sig) return <Tag>{t('notSigned')}</Tag>;
                      return (
                        <Space size={4} wrap>
                          <Tag color="green">{t('signed')}</Tag>
                          <Tag color={sig.verified ? 'green' : 'red'}>{sig.verified ? t('verified') : t('notVerified')}</Tag>
                          <span style={{ fontSize: 12 }}>{formatDateTime(s.lang, sig.signedAt)}</span>
                        </Space>
                      );
                    },
                  },
                  { title: 'SM2 key', render: (_, p) => a.signatures.find((x) => x.orgId === p.organizationId)?.keyId ?? '—' },
                ]}
              />
            </Card>
            <Card
              title={t('document')}
              extra={
                <Space>
                  <a href={docUrl} target="_blank" rel="noreferrer">
                    {t('openDocument')}
                  </a>
                  <a href={`/api/v1/agreements/${a.id}/document.pdf`} target="_blank" rel="noreferrer" data-testid="pdf-link">
                    {t('pdf')}
                  </a>
                </Space>
              }
            >
              <iframe title={t('document')} src={docUrl} style={{ width: '100%', height: 480, border: '1px solid #eee' }} />
            </Card>
          </>
        );
      }}
    </Loadable>
  );
}
