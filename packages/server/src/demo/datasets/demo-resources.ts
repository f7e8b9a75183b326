import type { RegisterResourceInput } from '../../modules/catalog/index.ts';
import { clinicVisits, type DemoScale, demoSizes, enterprises, type Population, rentals, residents, socialInsurance } from './generators.ts';

// The demo district's data resources: who supplies each, how it is classified and graded, and how its rows are made.

type FieldDef = RegisterResourceInput['fields'][number];
const f = (name: string, type: FieldDef['type'], description: string, role: FieldDef['role'], grade: FieldDef['grade'], extra: Partial<FieldDef> = {}): FieldDef => ({
  name, type, description, role, grade, nullable: true, piiType: null, rules: {}, ...extra,
});

export interface DemoResource {
  steward: string; // the department user who registers and ingests it
  resource: Omit<RegisterResourceInput, 'fields'> & { fields: FieldDef[] };
  rows: (scale: DemoScale, pop: Population) => Iterable<ReadonlyArray<string | number | null>>;
}

const base = { descriptionEn: undefined, nameEn: undefined, format: 'table', relatedCodes: [] as string[] };

export const demoResources: DemoResource[] = [
  {
    steward: 'mzj.steward',
    resource: {
      ...base,
      code: 'MZJ-RESIDENTS',
      nameZh: '戶籍及常住人口基本信息',
      nameEn: 'Registered and resident population',
      descriptionZh: '福田區常住人口的基本信息：身份證號、姓名、性別、出生日期、聯繫電話、所屬街道與住址。',
      category: ['民生服務', '民政', '人口'],
      openness: 'conditional',
      updateFrequency: 'monthly',
      publishDate: '2026-01-10',
      subjectKey: 'resident_id',
      subjectKind: 'person',
      fields: [
        f('resident_id', 'string', '公民身份號碼', 'direct_identifier', 'general_4', { nullable: false, rules: { notNull: true, unique: true } }),
        f('name', 'string', '姓名', 'direct_identifier', 'general_3'),
        f('sex', 'string', '性別', 'quasi_identifier', 'general_2'),
        f('birth_date', 'date', '出生日期', 'quasi_identifier', 'general_3'),
        f('mobile', 'string', '聯繫電話', 'direct_identifier', 'general_3'),
        f('street', 'string', '所屬街道', 'quasi_identifier', 'general_2'),
        f('address', 'string', '住址', 'quasi_identifier', 'general_3'),
      ],
    },
    rows: (scale, pop) => residents(demoSizes[scale].residents, pop),
  },
  {
    steward: 'scjg.steward',
    resource: {
      ...base,
      code: 'SCJG-ENTERPRISES',
      nameZh: '商事主體登記信息',
      nameEn: 'Registered market entities',
      descriptionZh: '福田區企業登記信息：統一社會信用代碼、名稱、街道、行業、註冊資本、成立日期、登記狀態與法定代表人。',
      category: ['經濟建設', '市場監管', '商事登記'],
      openness: 'conditional',
      updateFrequency: 'daily',
      publishDate: '2026-01-10',
      subjectKey: 'uscc',
      subjectKind: 'enterprise',
      fields: [
        f('uscc', 'string', '統一社會信用代碼', 'direct_identifier', 'general_2', { nullable: false, rules: { notNull: true, unique: true } }),
        f('name', 'string', '企業名稱', 'direct_identifier', 'general_1'),
        f('street', 'string', '所屬街道', 'quasi_identifier', 'general_1'),
        f('industry', 'string', '行業', 'quasi_identifier', 'general_1'),
        f('registered_capital', 'decimal', '註冊資本（萬元）', 'other', 'general_2', { rules: { min: 0 } }),
        f('established_on', 'date', '成立日期', 'other', 'general_1'),
        f('status', 'string', '登記狀態', 'other', 'general_1'),
        f('legal_rep_id', 'string', '法定代表人身份證號', 'direct_identifier', 'general_4'),
      ],
    },
    rows: (scale, pop) => enterprises(demoSizes[scale].enterprises, pop),
  },
  {
    steward: 'rlzy.steward',
    resource: {
      ...base,
      code: 'RLZY-SOCIAL-INSURANCE',
      nameZh: '企業社會保險繳費信息（按月）',
      nameEn: 'Monthly social insurance contributions by enterprise',
      descriptionZh: '各企業每月參保人數與繳費金額，可用於普惠金融中的企業經營活力評估。',
      category: ['民生服務', '人力資源', '社會保險'],
      openness: 'conditional',
      updateFrequency: 'monthly',
      publishDate: '2026-01-10',
      subjectKey: 'uscc',
      subjectKind: 'enterprise',
      fields: [
        f('uscc', 'string', '統一社會信用代碼', 'direct_identifier', 'general_2', { nullable: false, rules: { notNull: true } }),
        f('month', 'string', '繳費月份', 'other', 'general_1', { rules: { pattern: '[0-9]{4}-[0-9]{2}' } }),
        f('insured_count', 'integer', '參保人數', 'sensitive', 'general_3', { rules: { min: 0 } }),
        f('contribution', 'decimal', '繳費金額（元）', 'sensitive', 'general_3', { rules: { min: 0 } }),
      ],
    },
    rows: (scale, pop) => socialInsurance(demoSizes[scale].months, pop),
  },
  {
    steward: 'wjj.steward',
    resource: {
      ...base,
      code: 'WJJ-CLINIC-VISITS',
      nameZh: '社區健康服務中心門診記錄',
      nameEn: 'Community clinic visits',
      descriptionZh: '社康中心門診記錄：就診人、日期、科室、診斷大類與費用，用於公共衛生研究。',
      category: ['民生服務', '衛生健康', '診療'],
      openness: 'conditional',
      updateFrequency: 'weekly',
      publishDate: '2026-01-10',
      subjectKey: 'resident_id',
      subjectKind: 'person',
      fields: [
        f('visit_id', 'string', '就診流水號', 'other', 'general_2', { nullable: false, rules: { unique: true } }),
        f('resident_id', 'string', '就診人身份證號', 'direct_identifier', 'general_4', { nullable: false }),
        f('visit_date', 'date', '就診日期', 'quasi_identifier', 'general_3'),
        f('clinic', 'string', '科室', 'other', 'general_2'),
        f('diagnosis', 'string', '診斷大類', 'sensitive', 'general_4'),
        f('cost', 'decimal', '費用（元）', 'sensitive', 'general_3', { rules: { min: 0 } }),
      ],
    },
    rows: (scale, pop) => clinicVisits(demoSizes[scale].visits, pop),
  },
  {
    steward: 'zjj.steward',
    resource: {
      ...base,
      code: 'ZJJ-RENTALS',
      nameZh: '房屋租賃登記備案信息',
      nameEn: 'Housing rental registrations',
      descriptionZh: '房屋租賃登記：承租人、街道、地址、面積、月租金與起租日期。',
      category: ['城市建設', '住房', '租賃'],
      openness: 'conditional',
      updateFrequency: 'monthly',
      publishDate: '2026-01-10',
      subjectKey: 'tenant_id',
      subjectKind: 'person',
      fields: [
        f('registration_id', 'string', '登記編號', 'other', 'general_2', { nullable: false, rules: { unique: true } }),
        f('tenant_id', 'string', '承租人身份證號', 'direct_identifier', 'general_4'),
        f('street', 'string', '所屬街道', 'quasi_identifier', 'general_1'),
        f('address', 'string', '房屋地址', 'quasi_identifier', 'general_3'),
        f('area_sqm', 'integer', '面積（平方米）', 'other', 'general_1', { rules: { min: 1 } }),
        f('monthly_rent', 'integer', '月租金（元）', 'sensitive', 'general_2', { rules: { min: 0 } }),
        f('start_date', 'date', '起租日期', 'other', 'general_1'),
      ],
    },
    rows: (scale, pop) => rentals(demoSizes[scale].rentals, pop),
  },
];

/** Registered (a department's duty) but not open: it must never reach the catalog. */
export const demoNotOpenResource: DemoResource['resource'] = {
  ...base,
  code: 'MZJ-SOCIAL-ASSISTANCE',
  nameZh: '最低生活保障對象信息',
  descriptionZh: '低保對象及家庭收入核查信息，依法不予開放。',
  category: ['民生服務', '民政', '社會救助'],
  openness: 'not_open',
  updateFrequency: 'monthly',
  fields: [f('resident_id', 'string', '身份證號', 'direct_identifier', 'important'), f('household_income', 'decimal', '家庭收入', 'sensitive', 'important')],
};
