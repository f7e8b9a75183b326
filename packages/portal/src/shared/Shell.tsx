import { Badge, Button, Flex, Layout, Menu, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { get, type InboxMessage, type Items, type Me, type Organization } from '../api.ts';
import { type Lang, t } from '../i18n.ts';
import { type Session, SessionContext } from './context.ts';
import { navFor } from './nav.ts';
import { href, navigate, useRoute } from './router.ts';
import { Routes } from './Routes.tsx';

/** The signed-in layout: header with language switch, inbox badge and logout; role-aware menu; the routed page. */
export function Shell({ lang, me, onToggleLang, onLogout }: { lang: Lang; me: Me; onToggleLang(): void; onLogout(): void }) {
  const path = useRoute();
  const [orgs, setOrgs] = useState<Map<string, Organization>>(new Map());
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    get<Items<Organization>>('/organizations', lang)
      .then((r) => setOrgs(new Map(r.items.map((o) => [o.id, o]))))
      .catch(() => setOrgs(new Map()));
  }, [lang]);
  const refreshInbox = useCallback(() => {
    get<Items<InboxMessage>>('/inbox?unread=true', lang)
      .then((r) => setUnread(r.items.length))
      .catch(() => undefined);
  }, [lang]);
  useEffect(() => {
    refreshInbox();
    const timer = window.setInterval(refreshInbox, 30_000);
    return () => window.clearInterval(timer);
  }, [refreshInbox]);

  const session: Session = useMemo(() => ({ lang, me, orgs, refreshInbox }), [lang, me, orgs, refreshInbox]);
  const nav = navFor(me);
  const selected = `/${path[0] ?? ''}`;
  const orgDisplay = lang === 'en' ? (me.organization.nameEn ?? me.organization.nameZh) : me.organization.nameZh;

  return (
    <SessionContext.Provider value={session}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#8e1b1b', padding: '0 20px', gap: 16 }}>
          <a href={href('/')} style={{ minWidth: 0 }}>
            <Typography.Title level={4} ellipsis style={{ color: '#fff', margin: 0 }}>
              {t(lang, 'title')}
            </Typography.Title>
          </a>
          <Flex gap={8} align="center" style={{ flexShrink: 0 }}>
            <Tooltip title={orgDisplay}>
              <Typography.Text style={{ color: '#fde' }}>{me.user.displayName}</Typography.Text>
            </Tooltip>
            <Badge count={unread} size="small" data-testid="unread-badge">
              <Button size="small" onClick={() => navigate('/inbox')}>
                {t(lang, 'inbox')}
              </Button>
            </Badge>
            <Button size="small" type="link" href="/docs" style={{ color: '#fff' }}>
              {t(lang, 'apiDocs')}
            </Button>
            <Button size="small" onClick={onToggleLang}>
              {t(lang, 'language')}
            </Button>
            <Button size="small" onClick={onLogout}>
              {t(lang, 'logout')}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
            <Menu
              mode="inline"
              selectedKeys={[selected === '/' ? '/' : selected]}
              style={{ borderInlineEnd: 0, paddingTop: 8 }}
              items={nav.map((n) => ({
                key: n.path,
                label: n.path === '/inbox' && unread > 0 ? <Badge count={unread} size="small" offset={[10, 0]}>{t(lang, n.label)}</Badge> : t(lang, n.label),
                onClick: () => navigate(n.path),
              }))}
              data-testid="nav"
            />
          </Layout.Sider>
          <Layout.Content style={{ padding: 24, minWidth: 0 }}>
            <Routes path={path} />
          </Layout.Content>
        </Layout>
      </Layout>
    </SessionContext.Provider>
  );
}
