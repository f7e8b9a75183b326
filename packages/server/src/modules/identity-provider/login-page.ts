// Server-rendered pages of the local identity provider: no external assets, zh-CN first, en second.
// Every value that reaches the HTML goes through `escapeHtml`.

export type Lang = 'zh-CN' | 'en';

export interface DemoUser {
  username: string;
  displayName: string;
  organization: string;
  role: string;
}

const text = {
  'zh-CN': {
    title: '登錄',
    subtitle: '數運 · 開發用本地身份提供方',
    username: '帳號',
    password: '密碼',
    submit: '登錄',
    cancel: '取消',
    invalid: '帳號或密碼錯誤',
    locked: (until: string) => `帳號已鎖定至 ${until}，請稍後再試`,
    demoTitle: '演示用戶',
    demoHelp: '點擊一位用戶填入帳號。',
    demoPassword: '演示密碼：',
    demoColumns: ['用戶', '組織', '角色'],
    choose: '選擇',
    errorTitle: '登錄出錯',
    expired: '登錄請求已過期或無效，請返回數運重新登錄。',
  },
  en: {
    title: 'Sign in',
    subtitle: 'Shuyun · local development identity provider',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    cancel: 'Cancel',
    invalid: 'Incorrect username or password',
    locked: (until: string) => `Account locked until ${until} (UTC+8); try again later`,
    demoTitle: 'Demo users',
    demoHelp: 'Click a user to fill in the username.',
    demoPassword: 'Demo password: ',
    demoColumns: ['User', 'Organization', 'Role'],
    choose: 'Choose',
    errorTitle: 'Sign-in error',
    expired: 'This sign-in request has expired or is not valid; go back to Shuyun and sign in again.',
  },
} as const;

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** `?lang=` wins, then the client's `ui_locales`, then the browser's Accept-Language; zh-CN otherwise. */
export function pickLanguage(...preferences: Array<string | undefined>): Lang {
  for (const preference of preferences) {
    for (const tag of (preference ?? '').split(/[\s,]+/)) {
      const lang = tag.split(';')[0]?.trim().toLowerCase() ?? '';
      if (lang.startsWith('en')) return 'en';
      if (lang.startsWith('zh')) return 'zh-CN';
    }
  }
  return 'zh-CN';
}

// The district is Futian (Shenzhen): lock times are shown on its clock, whatever the server's time zone.
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' });

export function formatLockTime(until: Date): string {
  return clock.format(until);
}

export type LoginAlert = { kind: 'invalid' } | { kind: 'locked'; until: Date };

export function alertText(lang: Lang, alert: LoginAlert): string {
  return alert.kind === 'invalid' ? text[lang].invalid : text[lang].locked(formatLockTime(alert.until));
}

export interface LoginPageModel {
  lang: Lang;
  uid: string;
  nonce: string; // CSP nonce of the inline chooser script
  username?: string;
  alert?: LoginAlert;
  demoUsers?: DemoUser[];
  demoPasswordHint?: string;
}

export function renderLoginPage(m: LoginPageModel): string {
  const t = text[m.lang];
  const base = `/interaction/${encodeURIComponent(m.uid)}`;
  const alert = m.alert ? `<p class="alert" role="alert">${escapeHtml(alertText(m.lang, m.alert))}</p>` : '';
  const body = `
<h1>${escapeHtml(t.title)}</h1>
<p class="sub">${escapeHtml(t.subtitle)}</p>
${alert}
<form id="login-form" method="post" action="${escapeHtml(`${base}/login?lang=${m.lang}`)}">
  <label>${escapeHtml(t.username)}<input name="username" autocomplete="username" required value="${escapeHtml(m.username)}"${m.username ? '' : ' autofocus'}></label>
  <label>${escapeHtml(t.password)}<input name="password" type="password" autocomplete="current-password" required${m.username ? ' autofocus' : ''}></label>
  <button type="submit">${escapeHtml(t.submit)}</button>
</form>
<p><a href="${escapeHtml(`${base}/abort`)}">${escapeHtml(t.cancel)}</a></p>
${m.demoUsers?.length ? renderDemoUsers(m) : ''}`;
  return layout(m.lang, t.title, body, { base, nonce: m.nonce, withChooser: Boolean(m.demoUsers?.length) });
}

function renderDemoUsers(m: LoginPageModel): string {
  const t = text[m.lang];
  const rows = (m.demoUsers ?? [])
    .map(
      (u) => `<tr><td>${escapeHtml(u.displayName)} <code>${escapeHtml(u.username)}</code></td><td>${escapeHtml(u.organization)}</td>` +
        `<td>${escapeHtml(u.role)}</td><td><button type="button" data-username="${escapeHtml(u.username)}">${escapeHtml(t.choose)}</button></td></tr>`,
    )
    .join('\n');
  const hint = m.demoPasswordHint ? `<p>${escapeHtml(t.demoPassword)}<code>${escapeHtml(m.demoPasswordHint)}</code></p>` : '';
  return `<section class="demo">
<h2>${escapeHtml(t.demoTitle)}</h2>
<p>${escapeHtml(t.demoHelp)}</p>${hint}
<table><thead><tr>${t.demoColumns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}<th></th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

export function renderErrorPage(lang: Lang, message?: string): string {
  const t = text[lang];
  return layout(lang, t.errorTitle, `<h1>${escapeHtml(t.errorTitle)}</h1>\n<p class="alert" role="alert">${escapeHtml(message ?? t.expired)}</p>`);
}

function layout(lang: Lang, title: string, body: string, chooser?: { base: string; nonce: string; withChooser: boolean }): string {
  const switcher = chooser
    ? `<nav><a href="${escapeHtml(`${chooser.base}?lang=zh-CN`)}" lang="zh-CN">中文</a> · <a href="${escapeHtml(`${chooser.base}?lang=en`)}" lang="en">English</a></nav>`
    : '';
  // Clicking a demo user fills the username and moves on to the password.
  const script = chooser?.withChooser
    ? `<script nonce="${escapeHtml(chooser.nonce)}">
for (const b of document.querySelectorAll('button[data-username]')) b.addEventListener('click', () => {
  document.querySelector('input[name=username]').value = b.dataset.username;
  document.querySelector('input[name=password]').focus();
});
</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 數運 Shuyun</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f6f9;color:#1f2329}
main{max-width:640px;margin:40px auto;padding:24px 32px;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
nav{text-align:right;font-size:14px}h1{margin:0 0 4px}.sub{color:#646a73;margin-top:0}
.alert{color:#b42318;background:#fef3f2;padding:8px 12px;border-radius:4px}
label{display:block;margin:12px 0}input{display:block;width:100%;box-sizing:border-box;padding:8px;margin-top:4px;font-size:16px}
button{padding:8px 16px;font-size:15px;cursor:pointer}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #e5e6eb}code{color:#646a73}
</style>
</head>
<body>
<main>
${switcher}
${body}
</main>
${script}
</body>
</html>`;
}
