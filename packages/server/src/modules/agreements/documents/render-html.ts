// A printable HTML page of an agreement document: zh-CN first, English under each paragraph, the parties, the
// clauses, the SM3 agreement hash every party signs, and the signature status. Every value that reaches the page
// goes through `escapeHtml`; the page loads nothing (no script, no remote font or stylesheet), so it prints and
// archives as it is. The canonical JSON, not this page, is what is hashed and signed.
import {
  agreementHash,
  agreementPartyRoleNames,
  agreementSignatureStatus,
  enDate,
  zhDate,
  zhNumeral,
  type AgreementDocument,
  type AgreementSignature,
  type Localized,
} from '@shuyun/core/agreements';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface RenderAgreementOptions {
  /** signatures received so far; each is verified against the document before it is shown as signed */
  signatures?: readonly AgreementSignature[];
}

const STYLE = `
@page { size: A4; margin: 22mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Songti SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", serif; color: #111; line-height: 1.7; max-width: 820px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; text-align: center; margin: 0 0 .2rem; letter-spacing: .1em; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; page-break-after: avoid; break-after: avoid; }
.en { color: #444; font-size: .92em; font-family: Georgia, "Times New Roman", serif; }
p.en { margin-top: 0; }
p.zh { margin-bottom: .15rem; text-indent: 2em; }
.subtitle, .meta { text-align: center; margin: 0; }
.basis { text-align: center; font-size: .92em; margin: .8rem 0 1.2rem; }
.amendment { border: 1px solid #999; padding: .6rem .9rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { border: 1px solid #999; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
section.clause { page-break-inside: auto; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-top: 1rem; page-break-inside: avoid; break-inside: avoid; }
.signature { border: 1px solid #999; padding: .6rem .8rem; min-height: 7rem; }
.signed { color: #0a5; font-weight: 600; }
.unsigned { color: #a50; font-weight: 600; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; word-break: break-all; }
footer { margin-top: 2rem; font-size: .85em; color: #555; border-top: 1px solid #ccc; padding-top: .6rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

const zh = (s: string) => `<p class="zh">${escapeHtml(s)}</p>`;
const en = (s: string) => `<p class="en" lang="en">${escapeHtml(s)}</p>`;
const both = (t: Localized) => zh(t.zh) + en(t.en);

/** "2026-02-25T08:00:00Z" → "2026-02-25 16:00" in Beijing time. */
function beijingTime(instant: string): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return instant;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The full HTML page of the agreement. */
export function renderAgreementHtml(document: AgreementDocument, options: RenderAgreementOptions = {}): string {
  const hash = agreementHash(document);
  const status = agreementSignatureStatus(document, options.signatures ?? []);
  const signedAt = new Map((options.signatures ?? []).map((s) => [s.organizationId, s.signedAt]));
  const signedIds = new Set(status.signed.map((p) => p.organizationId));

  const amendment = document.amends
    ? `<div class="amendment">
${zh(`本協議為第${document.amends.sequence}次修訂，完整取代協議 ${document.amends.previousNumber}（SM3 摘要 ${document.amends.previousHash}）。修訂原因：${document.amends.reason.zh}`)}
${en(`This is amendment No. ${document.amends.sequence}; it replaces in full agreement ${document.amends.previousNumber} (SM3 hash ${document.amends.previousHash}). Reason: ${document.amends.reason.en}`)}
${zh(`變更條款 / Changed clauses：${document.amends.changedClauses.join('、') || '—'}`)}
</div>`
    : '';

  const partyRows = document.parties
    .map(
      (p) => `<tr><td>${escapeHtml(p.designation.zh)}<br><span class="en" lang="en">${escapeHtml(p.designation.en)}</span></td>
<td>${escapeHtml(p.nameZh)}${p.nameEn ? `<br><span class="en" lang="en">${escapeHtml(p.nameEn)}</span>` : ''}</td>
<td>${escapeHtml(agreementPartyRoleNames[p.role].zh)}<br><span class="en" lang="en">${escapeHtml(agreementPartyRoleNames[p.role].en)}</span></td>
<td><code>${escapeHtml(p.uscc)}</code></td></tr>`,
    )
    .join('\n');

  const clauses = document.clauses
    .map(
      (c) => `<section class="clause" id="clause-${escapeHtml(c.key)}">
<h2>第${escapeHtml(c.number <= 99 ? zhNumeral(c.number) : c.number)}條　${escapeHtml(c.title.zh)}<br><span class="en" lang="en">Article ${escapeHtml(c.number)} ${escapeHtml(c.title.en)}</span></h2>
${c.paragraphs.map(both).join('\n')}
</section>`,
    )
    .join('\n');

  const signatureBoxes = document.parties
    .map((p) => {
      const signed = signedIds.has(p.organizationId);
      const when = signedAt.get(p.organizationId);
      return `<div class="signature">
<div><strong>${escapeHtml(p.designation.zh)}</strong>（${escapeHtml(p.nameZh)}）<br><span class="en" lang="en">${escapeHtml(p.designation.en)} (${escapeHtml(p.nameEn ?? p.nameZh)})</span></div>
${
  signed
    ? `<p class="signed">已以 SM2 簽名 · Signed with SM2<br>${escapeHtml(when ? `${beijingTime(when)}（北京時間 / Beijing time）` : '')}</p>`
    : `<p class="unsigned">尚未簽署 · Not signed yet</p>`
}
</div>`;
    })
    .join('\n');

  const inForce = status.complete
    ? `<p>${escapeHtml('各方均已簽署。')}<span class="en" lang="en"> Every party has signed.</span></p>`
    : `<p>${escapeHtml(`尚待簽署：${status.missing.map((p) => p.designation.zh).join('、')}。各方均簽署前本協議不生效。`)}<br><span class="en" lang="en">${escapeHtml(`Awaiting: ${status.missing.map((p) => p.designation.en).join(', ')}. This agreement is not in force until every party has signed.`)}</span></p>`;

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${document.title.zh} ${document.number}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(document.title.zh)}</h1>
<p class="subtitle en" lang="en">${escapeHtml(document.title.en)}</p>
<p class="meta">協議編號 <span class="en" lang="en">Agreement No.</span> <code>${escapeHtml(document.number)}</code></p>
<p class="basis">${escapeHtml(document.basis.zh)}<br><span class="en" lang="en">${escapeHtml(document.basis.en)}</span></p>
</header>
${amendment}
<table>
<thead><tr><th>當事方 <span class="en" lang="en">Party</span></th><th>名稱 <span class="en" lang="en">Name</span></th><th>身份 <span class="en" lang="en">Role</span></th><th>統一社會信用代碼 <span class="en" lang="en">USCC</span></th></tr></thead>
<tbody>
${partyRows}
</tbody>
</table>
<p>期限 <span class="en" lang="en">Term</span>：${escapeHtml(`${zhDate(document.term.from)}至${zhDate(document.term.until)}`)} <span class="en" lang="en">${escapeHtml(`${enDate(document.term.from)} – ${enDate(document.term.until)}`)}</span></p>
${clauses}
<section class="signing">
<h2>簽署<br><span class="en" lang="en">Signatures</span></h2>
<p>協議摘要（SM3，RFC 8785 規範化文本）<br><span class="en" lang="en">Agreement hash (SM3 of the RFC 8785 canonical text)</span><br><code id="agreement-hash">${escapeHtml(hash)}</code></p>
${inForce}
<div class="signatures">
${signatureBoxes}
</div>
</section>
<footer>
${zh('本頁由數運平臺根據協議規範化文本生成；簽名對象為規範化文本的 SM3 摘要，可用任何 SM2 實現以各方登記的公鑰驗證。')}
${en("This page is generated by the Shuyun platform from the agreement's canonical text; the parties sign the SM3 hash of that text, which anyone can verify with any SM2 implementation and the parties' registered public keys.")}
</footer>
</body>
</html>
`;
}
