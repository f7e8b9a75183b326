import { agreementHash, buildAgreement, buildAmendment, signAgreementHash } from '@shuyun/core/agreements';
import { fixtureParties, operatorAgreementInput, serviceAgreementInput } from '@shuyun/core/agreements/agreements.fixtures';
import { generateSm2KeyPair } from '@shuyun/core/ledger/sm2';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderAgreementHtml } from './render-html.ts';

describe('renderAgreementHtml', () => {
  it('is a full zh-CN page with English, every party and every clause', () => {
    const doc = buildAgreement(serviceAgreementInput());
    const html = renderAgreementHtml(doc);
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<h1>公共數據開發利用服務協議</h1>');
    for (const p of doc.parties) {
      expect(html).toContain(escapeHtml(p.nameZh));
      expect(html).toContain(p.uscc);
    }
    for (const c of doc.clauses) {
      expect(html).toContain(`id="clause-${c.key}"`);
      expect(html).toContain(escapeHtml(c.title.zh));
      expect(html).toContain(`Article ${c.number} ${escapeHtml(c.title.en)}`);
      for (const p of c.paragraphs) {
        expect(html).toContain(`<p class="zh">${escapeHtml(p.zh)}</p>`);
        expect(html).toContain(`<p class="en" lang="en">${escapeHtml(p.en)}</p>`);
      }
    }
    expect(html).toContain('第一條　協議各方');
    expect(html).toContain(`<code id="agreement-hash">${agreementHash(doc)}</code>`);
    // zh before en
    expect(html.indexOf('應用場景')).toBeLessThan(html.indexOf('Scenario'));
    // nothing to load
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
  });

  it('escapes every value that comes from the input', () => {
    const evil = '<script>alert("x")</script>&\'';
    const doc = buildAgreement({
      ...operatorAgreementInput(),
      parties: [{ ...fixtureParties.authority, nameZh: `主管部門${evil}` }, fixtureParties.operator],
      applicationScope: { zh: `範圍<b>粗體</b>`, en: `scope <img src=x onerror=alert(1)>` },
      additionalClauses: [{ title: { zh: `附加${evil}`, en: `Extra ${evil}` }, text: { zh: `內容${evil}`, en: `Text ${evil}` } }],
    });
    const html = renderAgreementHtml(doc);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>粗體</b>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html).toContain('範圍&lt;b&gt;粗體&lt;/b&gt;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows who has signed this very text, and only verified signatures', () => {
    const doc = buildAgreement(operatorAgreementInput());
    const hash = agreementHash(doc);
    const key = generateSm2KeyPair();
    const other = generateSm2KeyPair();
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const byAuthority = { organizationId: fixtureParties.authority.organizationId, publicKey: hex(key.publicKey), signature: signAgreementHash(hash, key.privateKey), signedAt: '2026-02-25T08:00:00Z' };
    const forgedOperator = { organizationId: fixtureParties.operator.organizationId, publicKey: hex(other.publicKey), signature: signAgreementHash(hash, key.privateKey), signedAt: '2026-02-26T08:00:00Z' };
    const html = renderAgreementHtml(doc, { signatures: [byAuthority, forgedOperator] });
    expect(html.match(/class="signed"/g)).toHaveLength(1);
    expect(html).toContain('2026-02-25 16:00（北京時間 / Beijing time）');
    expect(html.match(/class="unsigned"/g)).toHaveLength(1);
    expect(html).toContain('尚待簽署：乙方。');
  });

  it('marks an amendment with the agreement it replaces', () => {
    const original = buildAgreement(operatorAgreementInput());
    const amended = buildAmendment(original, { ...operatorAgreementInput(), number: 'FT-SQ-2026-0001-A1', term: { from: '2026-03-01', until: '2027-02-28' } }, { zh: '縮短期限', en: 'Shorter term' });
    const html = renderAgreementHtml(amended);
    expect(html).toContain('本協議為第1次修訂，完整取代協議 FT-SQ-2026-0001');
    expect(html).toContain(agreementHash(original));
  });
});
