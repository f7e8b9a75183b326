import { Badge, Button, Card, Table, Typography } from 'antd';
import { get, type InboxMessage, type Items, post } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';

const ROUTES: Record<string, string> = { application: '/applications/', agreement: '/agreements/', grant: '/grants/', job: '/jobs/' };

function link(m: InboxMessage): string | null {
  const base = ROUTES[m.subject.type];
  return base && base !== '/jobs/' ? href(`${base}${m.subject.id}`) : null;
}

/** The organization's in-app inbox, newest first; opening or marking a message reads it. */
export function InboxPage() {
  const s = useSession();
  const t = useT();
  const inbox = useAsync(() => get<Items<InboxMessage>>('/inbox', s.lang), [s.lang]);
  const action = useAction();
  const markRead = (m: InboxMessage) =>
    action.run(async () => {
      await post<void>(`/inbox/${m.id}/read`, s.lang);
      inbox.reload();
      s.refreshInbox();
    });
  return (
    <>
      <PageTitle extra={<Button onClick={inbox.reload}>{t('refresh')}</Button>}>{t('inbox')}</PageTitle>
      <ProblemAlert error={action.error} />
      <Card>
        <Loadable state={inbox} empty={t('noMessages')} isEmpty={(i) => i.items.length === 0}>
          {(i) => (
            <Table<InboxMessage>
              data-testid="inbox"
              rowKey="id"
              size="middle"
              dataSource={i.items}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              columns={[
                { title: '', width: 24, render: (_, m) => (m.readAt ? null : <Badge status="processing" />) },
                {
                  title: t('subjectLabel'),
                  render: (_, m) => {
                    const text = m.title?.[s.lang] ?? m.title?.['zh-CN'] ?? m.kind;
                    const to = link(m);
                    const body = <Typography.Text strong={!m.readAt}>{text}</Typography.Text>;
                    return to ? (
                      <a href={to} onClick={() => !m.readAt && void markRead(m)}>
                        {body}
                      </a>
                    ) : (
                      body
                    );
                  },
                },
                { title: t('createdAt'), width: 160, render: (_, m) => formatDateTime(s.lang, m.createdAt) },
                {
                  title: '',
                  width: 110,
                  render: (_, m) =>
                    m.readAt ? (
                      <Typography.Text type="secondary">{t('read')}</Typography.Text>
                    ) : (
                      <Button size="small" onClick={() => void markRead(m)}>
                        {t('markRead')}
                      </Button>
                    ),
                },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}
