import { gradeNames } from '@shuyun/core';
import type { PublishedResource } from './dcat.ts';

const OPENNESS = { unconditional: '無條件開放', conditional: '有條件開放', not_open: '不予開放' } as const;
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type PageResource = PublishedResource & { grade: keyof typeof gradeNames; fields: Array<{ name: string; type: string; description: string; grade: keyof typeof gradeNames; piiType: string | null }> };

/** The human page of a published resource: what it is, who supplies it, its fields and grading. Never data. */
export function resourcePage(r: PageResource, edition: number): string {
  const rows = r.fields
    .map((f) => `<tr><td><code>${escape(f.name)}</code></td><td>${escape(f.type)}</td><td>${escape(f.description)}</td><td>${escape(gradeNames[f.grade].zh)}</td><td>${f.piiType ? '個人信息' : ''}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(r.nameZh)} · 福田區公共數據授權運營目錄</title>
<style>body{font-family:system-ui,"WenQuanYi Micro Hei",sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.4rem;text-align:left}th{background:#f5f5f5}dt{font-weight:600}</style>
</head><body>
<p><a href="/catalog.jsonld">授權運營目錄（第 ${edition} 版）</a></p>
<h1>${escape(r.nameZh)}</h1>${r.nameEn ? `<p lang="en">${escape(r.nameEn)}</p>` : ''}
<p>${escape(r.descriptionZh)}</p>
<dl>
<dt>資源代碼</dt><dd><code>${escape(r.code)}</code></dd>
<dt>數源部門</dt><dd>${escape(r.publisher.nameZh)}</dd>
<dt>分類</dt><dd>${r.category.map(escape).join(' / ')}</dd>
<dt>開放屬性</dt><dd>${OPENNESS[r.openness]}</dd>
<dt>分級</dt><dd>${escape(gradeNames[r.grade].zh)}</dd>
<dt>更新頻率</dt><dd>${escape(r.updateFrequency)}</dd>
${r.publishDate ? `<dt>發佈日期</dt><dd>${escape(r.publishDate)}</dd>` : ''}
</dl>
<h2>字段</h2>
<table><thead><tr><th>字段</th><th>類型</th><th>說明</th><th>分級</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<p>原始數據不出域，數據可用不可見。使用須經授權申請。</p>
</body></html>`;
}
