import { Button, Card, Table, Tag } from 'antd';
import { type Agreement, get, type Items } from '../../api.ts';
import { formatDate, label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';

export function agreementTitle(lang: string, a: Agreement): string {
  const title = a.document.title;
  return title ? (lang === 'en' ? title.en : title.zh) : a.number;
}

/** Agreements the organization is party to, those awaiting its signature first. */
export function AgreementsPage() {
  const s = useSession();
  const t = useT();
  const list = useAsync(() => get<Items<Agreement>>('/agreements', s.lang), [s.lang]);
  const me = s.me.organization.id;
  return (
    <>
      <PageTitle extra={<Button onClick={list.reload}>{t('refresh')}</Button>}>{t('agreements')}</PageTitle>
      <Card>
        <Loadable state={list} empty={t('noAgreements')} isEmpty={(l) => l.items.length === 0}>
          {(l) => (
            <Table<Agreement>
              data-testid="agreements"
              rowKey="id"
              dataSource={[...l.items].sort((a, b) => Number(b.awaiting.includes(me)) - Number(a.awaiting.includes(me)) || b.createdAt.localeCompare(a.createdAt))}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('number'), dataIndex: 'number', render: (n: string, a) => <a href={href(`/agreements/${a.id}`)} data-testid={`agreement-${n}`}>{n}</a> },
                { title: t('name'), render: (_, a) => agreementTitle(s.lang, a) },
                { title: t('agreementKind'), render: (_, a) => label(s.lang, 'ag_', a.kind) },
                { title: t('state'), render: (_, a) => <StateTag prefix="ags_" value={a.state} /> },
                { title: t('parties'), render: (_, a) => `${a.signatures.length} / ${a.signerOrgIds.length}` },
                { title: t('validity_'), render: (_, a) => `${formatDate(s.lang, a.validFrom)} – ${formatDate(s.lang, a.validUntil)}` },
                { title: '', render: (_, a) => a.awaiting.includes(me) && <Tag color="gold">{t('awaitingSignature')}</Tag> },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
