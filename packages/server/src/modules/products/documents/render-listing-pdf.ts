// The exchange listing package (掛牌材料) as a PDF: the same content as `listing.json`, in its five sections
// (主體信息, 數據來源合法合規, 產品和服務信息, 應用場景, 安全風險評估), zh-CN with English labels, laid out with
// pdfkit in the platform's CJK font (the setup the agreement PDFs use).
import { organizationTypeNames } from '@shuyun/core';
import { cjkPdf } from '../../../documents/cjk-pdf.ts';
import type { ListingPackage } from '../use-cases/read-products.ts';
import { productChecklist } from '../use-cases/review-product.ts';

const kindNames: Record<ListingPackage['產品和服務信息']['kind'], { zh: string; en: string }> = {
  dataset: { zh: '數據集', en: 'Dataset' },
  data_api: { zh: '數據接口', en: 'Data API' },
  indicator: { zh: '指標', en: 'Indicator' },
  report: { zh: '報告', en: 'Report' },
  model: { zh: '模型或算法', en: 'Model or algorithm' },
  application: { zh: '應用', en: 'Application' },
};

const usageNames: Record<ListingPackage['數據來源合法合規']['usage'], { zh: string; en: string }> = {
  public_interest: { zh: '公共治理與公益事業（免費）', en: 'Public interest (free of charge)' },
  industry: { zh: '產業發展與行業應用（有償）', en: 'Industry use (paid)' },
};

const perNames: Record<string, { zh: string; en: string }> = {
  call: { zh: '次', en: 'call' },
  month: { zh: '月', en: 'month' },
  year: { zh: '年', en: 'year' },
  copy: { zh: '份', en: 'copy' },
};

const checklistNames: Record<(typeof productChecklist)[number], { zh: string; en: string }> = {
  lawful_source: { zh: '數據來源合法', en: 'Lawful data source' },
  within_grant_scope: { zh: '在授權範圍內', en: "Within the grant's scope" },
  scenario_approved: { zh: '應用場景已獲批准', en: 'Scenarios approved' },
  pricing_basis: { zh: '定價依據充分', en: 'Pricing basis documented' },
  security_assessment: { zh: '安全評估已完成', en: 'Security assessment done' },
  no_raw_data_output: { zh: '不輸出原始數據', en: 'No raw data output' },
};

export const listingSections = ['主體信息', '數據來源合法合規', '產品和服務信息', '應用場景', '安全風險評估'] as const;
const sectionEn = ['Provider', 'Lawful and compliant data source', 'Product and service', 'Application scenarios', 'Security risk assessment'];
const ordinals = ['一', '二', '三', '四', '五'];

export function renderListingPdf(listing: ListingPackage, options: { compress?: boolean } = {}): Promise<Buffer> {
  const product = listing.產品和服務信息;
  const { pdf, bytes } = cjkPdf({ title: `${product.name} 掛牌材料`, ...options });
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

  const heading = (i: number) => {
    pdf.moveDown(0.8);
    pdf.fontSize(13).fillColor('#111').text(`${ordinals[i]}、${listingSections[i]}`, { continued: true }).fillColor('#777').text(`  ${sectionEn[i]}`);
    const y = pdf.y + 2;
    pdf.moveTo(pdf.page.margins.left, y).lineTo(pdf.page.margins.left + width, y).lineWidth(0.5).strokeColor('#999').stroke();
    pdf.moveDown(0.4);
  };
  /** one line: the zh label, its English in grey, then the value */
  const field = (zh: string, en: string, value: string) => {
    pdf.fontSize(10).fillColor('#111').text(zh, { continued: true, lineGap: 2 }).fillColor('#777').text(` ${en}：`, { continued: true }).fillColor('#111').text(value || '—');
  };

  pdf.fillColor('#111').fontSize(18).text('數據產品掛牌材料', { align: 'center' });
  pdf.fillColor('#555').fontSize(11).text('Exchange listing package', { align: 'center' }).moveDown(0.4);
  pdf.fillColor('#111').fontSize(12).text(product.name, { align: 'center' });
  if (product.nameEn) pdf.fillColor('#555').fontSize(10).text(product.nameEn, { align: 'center' });
  pdf.fillColor('#777').fontSize(8.5).text(`${listing.format} · ${product.id}`, { align: 'center' });

  const provider = listing.主體信息.provider;
  heading(0);
  field('名稱', 'Name', provider.nameEn ? `${provider.name}（${provider.nameEn}）` : provider.name);
  field('統一社會信用代碼', 'USCC', provider.uscc ?? '—');
  field('主體類型', 'Type', `${organizationTypeNames[provider.type].zh} ${organizationTypeNames[provider.type].en}`);

  const source = listing.數據來源合法合規;
  heading(1);
  field('授權依據', 'Basis', source.basis);
  field('授權編號', 'Grant', source.grantId);
  field('用途', 'Use', `${usageNames[source.usage].zh} ${usageNames[source.usage].en}`);

  heading(2);
  field('產品編號', 'Product', product.id);
  field('產品類型', 'Kind', `${kindNames[product.kind].zh} ${kindNames[product.kind].en}`);
  field('產品名稱', 'Name', product.nameEn ? `${product.name}（${product.nameEn}）` : product.name);
  field('產品描述', 'Description', product.description);
  field('使用範圍', 'Scope', product.scope);
  field('使用方式', 'Manner of use', product.mannerOfUse);
  field('定價依據', 'Pricing basis', product.pricing.basis);
  const per = perNames[product.pricing.per] ?? { zh: product.pricing.per, en: product.pricing.per };
  field('價格', 'Price', `人民幣 ${product.pricing.price} 元／${per.zh}（CNY ${product.pricing.price} per ${per.en}）`);

  heading(3);
  if (listing.應用場景.length === 0) field('場景', 'Scenarios', '—');
  for (const scenario of listing.應用場景) pdf.fillColor('#111').fontSize(10).text(`· ${scenario}`, { lineGap: 2 });

  const assessment = listing.安全風險評估;
  heading(4);
  field('審核通過時間', 'Reviewed at', assessment.reviewedAt ?? '—');
  const checklist = (assessment.checklist ?? {}) as Record<string, unknown>;
  for (const item of productChecklist) {
    const passed = checklist[item] === true;
    field(checklistNames[item].zh, checklistNames[item].en, passed ? '通過 passed' : '未通過 not passed');
  }
  const inspection = assessment.modelInspection as { trainingData?: string; outputSurface?: string; rawRowsReproducible?: boolean; inspectedBy?: string } | null;
  if (inspection) {
    pdf.moveDown(0.3);
    field('訓練數據', 'Training data', inspection.trainingData ?? '—');
    field('輸出面', 'Output surface', inspection.outputSurface ?? '—');
    field('能否複現原始數據行', 'Raw rows reproducible', inspection.rawRowsReproducible === false ? '否 no' : '是 yes');
    field('檢驗人', 'Inspected by', inspection.inspectedBy ?? '—');
  }
  pdf.end();
  return bytes;
}
