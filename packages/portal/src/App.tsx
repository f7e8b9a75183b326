import { Alert, Button, Card, ConfigProvider, Flex, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { ApiError, api, type Me } from './api.ts';
import { type Lang, t } from './i18n.ts';
import { Shell } from './shared/Shell.tsx';

type State = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'signed-in'; me: Me } | { kind: 'error'; error: ApiError };

function initialLang(): Lang {
  const stored = localStorage.getItem('lang');
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    localStorage.setItem('lang', lang);
    document.documentElement.lang = lang;
    document.title = t(lang, 'title');
    api<Me>('/me', lang)
      .then((me) => setState({ kind: 'signed-in', me }))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.problem.status === 401) setState({ kind: 'anonymous' });
        else setState({ kind: 'error', error: err instanceof ApiError ? err : new ApiError({ status: 0, code: 'CLIENT', title: String(err) }) });
      });
  }, [lang]);

  const logout = async () => {
    await api('/auth/logout', lang, { method: 'POST' }).catch(() => undefined);
    window.location.hash = '';
    setState({ kind: 'anonymous' });
  };
  const toggleLang = () => setLang(lang === 'en' ? 'zh-CN' : 'en');

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#b71c1c', fontFamily: "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif" } }}>
      {state.kind === 'signed-in' ? (
        <Shell lang={lang} me={state.me} onToggleLang={toggleLang} onLogout={() => void logout()} />
      ) : (
        <Flex vertical style={{ minHeight: '100vh', background: '#f5f5f5' }}>
          <Flex align="center" justify="space-between" style={{ height: 64, padding: '0 24px', background: '#8e1b1b' }}>
            <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
              {t(lang, 'title')}
            </Typography.Title>
            <Flex gap={8}>
              <Button type="link" href="/docs" style={{ color: '#fff' }}>
                {t(lang, 'apiDocs')}
              </Button>
              <Button onClick={toggleLang}>{t(lang, 'language')}</Button>
            </Flex>
          </Flex>
          <div style={{ padding: 32, maxWidth: 1100, margin: '0 auto', width: '100%', boxSizing: 'border-box' }}>
            <Typography.Paragraph type="secondary">{t(lang, 'subtitle')}</Typography.Paragraph>
            {state.kind === 'loading' && <Spin description={t(lang, 'loading')} />}
            {state.kind === 'error' && <Alert type="error" showIcon title={state.error.problem.title} description={state.error.problem.code} />}
            {state.kind === 'anonymous' && (
              <Card>
                <Button type="primary" size="large" href={`/api/v1/auth/login?returnTo=${encodeURIComponent('/' + window.location.hash)}`}>
                  {t(lang, 'login')}
                </Button>
              </Card>
            )}
          </div>
        </Flex>
      )}
    </ConfigProvider>
  );
}
