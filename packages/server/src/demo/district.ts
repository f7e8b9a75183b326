import { makeUscc, type OrganizationType, type Role } from '@shuyun/core';

// The demo Futian district: the organizations of the regulation's actors and one user per role.
// Names are synthetic except the public bodies; every code passes its check characters.

export interface DemoOrganization {
  code: string;
  nameZh: string;
  nameEn: string;
  type: OrganizationType;
  uscc: string;
  users: Array<{ username: string; displayName: string; roles: Role[] }>;
}

const FUTIAN = '440304';
const agency = (body: string) => makeUscc('1', '1', FUTIAN, body); // 機構編制 · 機關
const company = (body: string) => makeUscc('9', '1', FUTIAN, body); // 工商 · 企業
const institution = (body: string) => makeUscc('1', '2', FUTIAN, body); // 機構編制 · 事業單位

export const demoDistrict: DemoOrganization[] = [
  {
    code: 'FT-ZSJ', type: 'authority', uscc: agency('MB2C0001'),
    nameZh: '福田區政務服務數據管理局', nameEn: 'Futian District Government Services and Data Administration',
    users: [
      { username: 'authority.admin', displayName: '林主任', roles: ['admin'] },
      { username: 'authority.reviewer', displayName: '陳審核', roles: ['reviewer', 'signatory'] },
      { username: 'authority.reviewer2', displayName: '黃復核', roles: ['reviewer'] },
    ],
  },
  {
    code: 'FT-SCJG', type: 'source_department', uscc: agency('MB2C0002'),
    nameZh: '市場監督管理局福田監管局', nameEn: 'Futian Bureau of the Shenzhen Market Supervision Administration',
    users: [{ username: 'scjg.steward', displayName: '周數管', roles: ['admin', 'reviewer', 'signatory'] }],
  },
  {
    code: 'FT-RLZY', type: 'source_department', uscc: agency('MB2C0003'),
    nameZh: '福田區人力資源局', nameEn: 'Futian District Human Resources Bureau',
    users: [{ username: 'rlzy.steward', displayName: '吳數管', roles: ['admin', 'reviewer', 'signatory'] }],
  },
  {
    code: 'FT-MZJ', type: 'source_department', uscc: agency('MB2C0004'),
    nameZh: '福田區民政局', nameEn: 'Futian District Civil Affairs Bureau',
    users: [{ username: 'mzj.steward', displayName: '鄭數管', roles: ['admin', 'reviewer', 'signatory'] }],
  },
  {
    code: 'FT-WJJ', type: 'source_department', uscc: agency('MB2C0005'),
    nameZh: '福田區衛生健康局', nameEn: 'Futian District Health Commission',
    users: [{ username: 'wjj.steward', displayName: '王數管', roles: ['admin', 'reviewer', 'signatory'] }],
  },
  {
    code: 'FT-ZJJ', type: 'source_department', uscc: agency('MB2C0006'),
    nameZh: '福田區住房和建設局', nameEn: 'Futian District Housing and Construction Bureau',
    users: [{ username: 'zjj.steward', displayName: '馮數管', roles: ['admin', 'reviewer', 'signatory'] }],
  },
  {
    code: 'OP-FTDO', type: 'operator', uscc: company('MA5G0001'),
    nameZh: '深圳市福田數據運營有限公司', nameEn: 'Futian Data Operations Co., Ltd.',
    users: [
      { username: 'operator.admin', displayName: '劉運營', roles: ['admin', 'reviewer', 'signatory'] },
      { username: 'operator.developer', displayName: '楊開發', roles: ['developer'] },
    ],
  },
  {
    code: 'OP-PCSZ', type: 'operator', uscc: company('MA5G0002'),
    nameZh: '鵬城數智科技有限公司', nameEn: 'Pengcheng Digital Intelligence Technology Co., Ltd.',
    users: [{ username: 'operator2.admin', displayName: '趙運營', roles: ['admin', 'reviewer', 'signatory'] }],
  },
  {
    code: 'PT-BANK', type: 'partner', uscc: company('MA5G0003'),
    nameZh: '鵬城普惠銀行股份有限公司', nameEn: 'Pengcheng Inclusive Bank Co., Ltd.',
    users: [{ username: 'bank.developer', displayName: '孫風控', roles: ['admin', 'developer', 'signatory'] }],
  },
  {
    code: 'PT-RSCH', type: 'partner', uscc: institution('MB2C0007'),
    nameZh: '深港公共政策研究院', nameEn: 'Shenzhen–Hong Kong Institute of Public Policy',
    users: [{ username: 'research.developer', displayName: '何研究', roles: ['admin', 'developer', 'signatory'] }],
  },
  {
    code: 'PT-SOFT', type: 'partner', uscc: company('MA5G0004'),
    nameZh: '福田小微軟件有限公司', nameEn: 'Futian Small Software Co., Ltd.',
    users: [{ username: 'software.developer', displayName: '羅工程', roles: ['admin', 'developer', 'signatory'] }],
  },
  {
    code: 'RG-WXB', type: 'regulator', uscc: agency('MB2C0008'),
    nameZh: '中共深圳市福田區委網絡安全和信息化委員會辦公室（區委網信辦）', nameEn: 'Futian District Cyberspace Affairs Office',
    users: [{ username: 'regulator.viewer', displayName: '梁監管', roles: ['viewer'] }],
  },
  {
    code: 'EX-PANEL', type: 'expert', uscc: institution('MB2C0009'),
    nameZh: '福田區公共數據專家委員會', nameEn: 'Futian Public Data Expert Panel',
    users: [{ username: 'expert.reviewer', displayName: '謝專家', roles: ['reviewer'] }],
  },
  {
    code: 'CS-XDJR', type: 'consumer', uscc: company('MA5G0005'),
    nameZh: '深南消費金融科技有限公司', nameEn: 'Shennan Consumer Finance Technology Co., Ltd.',
    users: [{ username: 'consumer.developer', displayName: '許接入', roles: ['admin', 'developer'] }],
  },
];
