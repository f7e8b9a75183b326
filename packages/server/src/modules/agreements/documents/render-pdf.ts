// The agreement as a PDF: the same content as the HTML page (title, parties, term, clauses in zh-CN with English under
// each paragraph, the SM3 hash every party signs, the signature status), laid out with pdfkit in a CJK font.
// The canonical JSON, not this file, is what is hashed and signed.
import { type AgreementDocument, type AgreementSignature, agreementHash, agreementPartyRoleNames, agreementSignatureStatus, enDate, zhDate, zhNumeral } from '@shuyun/core/agreements';
import { cjkPdf } from '../../../documents/cjk-pdf.ts';

export function renderAgreementPdf(document: AgreementDocument, options: { signatures?: readonly AgreementSignature[] } = {}): Promise<Buffer> {
  const { pdf, bytes: done } = cjkPdf({ title: `${document.title.zh} ${document.number}` });

  const zh = (text: string, size = 10.5) => pdf.fillColor('#111').fontSize(size).text(text, { lineGap: 2 });
  const en = (text: string, size = 9) => pdf.fillColor('#555').fontSize(size).text(text, { lineGap: 1.5 }).moveDown(0.3);

  pdf.fontSize(18).fillColor('#111').text(document.title.zh, { align: 'center' });
  pdf.fontSize(11).fillColor('#555').text(document.title.en, { align: 'center' }).moveDown(0.5);
  zh(`協議編號 Agreement No. ${document.number}`, 9.5);
  zh(document.basis.zh, 9.5);
  en(document.basis.en, 8.5);
  if (document.amends) {
    zh(`本協議為第${document.amends.sequence}次修訂，完整取代協議 ${document.amends.previousNumber}（SM3 摘要 ${document.amends.previousHash}）。修訂原因：${document.amends.reason.zh}`, 9.5);
    en(`Amendment No. ${document.amends.sequence}, replacing agreement ${document.amends.previousNumber} in full. Reason: ${document.amends.reason.en}`, 8.5);
  }
  pdf.moveDown(0.5);
  for (const p of document.parties) {
    zh(`${p.designation.zh}（${agreementPartyRoleNames[p.role].zh}）：${p.nameZh}　統一社會信用代碼 ${p.uscc}`);
    en(`${p.designation.en} (${agreementPartyRoleNames[p.role].en}): ${p.nameEn ?? p.nameZh}`);
  }
  zh(`期限：${zhDate(document.term.from)}至${zhDate(document.term.until)}`);
  en(`Term: ${enDate(document.term.from)} – ${enDate(document.term.until)}`);
  pdf.moveDown(0.5);
  for (const c of document.clauses) {
    pdf.moveDown(0.4);
    zh(`第${c.number <= 99 ? zhNumeral(c.number) : c.number}條　${c.title.zh}`, 12);
    en(`Article ${c.number} ${c.title.en}`, 10);
    for (const paragraph of c.paragraphs) {
      zh(paragraph.zh);
      en(paragraph.en);
    }
  }
  const status = agreementSignatureStatus(document, options.signatures ?? []);
  const signed = new Set(status.signed.map((p) => p.organizationId));
  pdf.moveDown(0.8);
  zh('簽署 Signatures', 12);
  zh(`協議摘要（SM3，RFC 8785 規範化文本）Agreement hash: ${agreementHash(document)}`, 9);
  for (const p of document.parties) {
    zh(`${p.designation.zh} ${p.nameZh}：${signed.has(p.organizationId) ? '已以 SM2 簽名 · Signed with SM2' : '尚未簽署 · Not signed yet'}`, 9.5);
  }
  pdf.end();
  return done;
}
