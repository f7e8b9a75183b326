import { Alert, Button, Card, ConfigProvider, Descriptions, Layout, Space, Spin, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { api, ApiError, type Me } from './api.ts';
import { type Lang, t } from './i18n.ts';

type State = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'signed-in'; me: Me } | { kind: 'error'; message: string };

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('lang') as Lang | null) ?? 'zh-CN');
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    localStorage.setItem('lang', lang);
    document.documentElement.lang = lang;
    api<Me>('/me', lang)
      .then((me) => setState({ kind: 'signed-in', me }))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.problem.status === 401) setState({ kind: 'anonymous' });
        else setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      });
  }, [lang]);

  const logout = async () => {
    await api('/auth/logout', lang, { method: 'POST' });
    setState({ kind: 'anonymous' });
  };

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#b71c1c' } }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#8e1b1b' }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>{t(lang, 'title')}</Typography.Title>
          <Space>
            <Button type="link" href="/docs" style={{ color: '#fff' }}>{t(lang, 'apiDocs')}</Button>
            <Button onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>{t(lang, 'language')}</Button>
            {state.kind === 'signed-in' && <Button onClick={() => void logout()}>{t(lang, 'logout')}</Button>}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 32, maxWidth: 1100, margin: '0 auto', width: '100%' }}>
          <Typography.Paragraph type="secondary">{t(lang, 'subtitle')}</Typography.Paragraph>
          {state.kind === 'loading' && <Spin tip={t(lang, 'loading')} />}
          {state.kind === 'error' && <Alert type="error" message={state.message} />}
          {state.kind === 'anonymous' && (
            <Card>
              <Button type="primary" size="large" href="/api/v1/auth/login?returnTo=/">{t(lang, 'login')}</Button>
            </Card>
          )}
          {state.kind === 'signed-in' && (
            <Card title={`${t(lang, 'welcome')}，${state.me.user.displayName}`}>
              <Descriptions column={1} bordered>
                <Descriptions.Item label={t(lang, 'organization')}>
                  {lang === 'en' ? (state.me.organization.nameEn ?? state.me.organization.nameZh) : state.me.organization.nameZh}
                </Descriptions.Item>
                <Descriptions.Item label={t(lang, 'roles')}>{state.me.roles.map((r) => <Tag key={r}>{r}</Tag>)}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}
