// Column headers as departments name them: Chinese in either script, English, and pinyin initials (sfzh = 身份證號,
// tyshxydm = 統一社會信用代碼, xm = 姓名). A hint only raises confidence in what the values already show; it never
// makes a suggestion on its own, so a misleading header cannot mislabel a column.
import type { PiiType } from './types.ts';

/** English and pinyin tokens, matched against whole snake_case tokens or token runs. */
function tokens(pattern: string): RegExp {
  return new RegExp(`(?:^|_)(?:${pattern})(?:$|_)`);
}

const HINTS: ReadonlyArray<readonly [PiiType, RegExp]> = [
  ['resident_id', /身份證|身份证|證件號|证件号|公民身份/],
  ['resident_id', tokens('sfz|sfzh|sfzhm|zjhm|id_?card|id_?card_?no|id_?no|id_?number|identity_?(?:no|number|card)|resident_?id|citizen_?id')],
  ['mobile', /手機|手机|移動電話|移动电话|電話|电话/],
  ['mobile', tokens('mobile|mobile_?(?:no|number|phone)|cell|cell_?phone|cellphone|sjh|sjhm|phone|phone_?(?:no|number)|lxdh|contact_?phone')],
  ['uscc', /統一社會信用代碼|统一社会信用代码|信用代碼|信用代码|社會信用|社会信用/],
  ['uscc', tokens('tyshxydm|shxydm|xydm|uscc|credit_?code|social_?credit_?code|unified_?social_?credit_?code')],
  ['bank_card', /銀行卡|银行卡|卡號|卡号|銀行賬號|银行账号|銀行帳號|賬號|账号|帳號/],
  ['bank_card', tokens('bank_?card|bank_?card_?no|card_?no|card_?number|yhkh|yhzh|bank_?account|account_?no')],
  ['person_name', /姓名|名字|聯繫人|联系人|法定代表人|法人代表|負責人|负责人|患者|申請人|申请人|經辦人|经办人|戶主|户主/],
  ['person_name', tokens('name|full_?name|person_?name|real_?name|xm|xingming|contact|contact_?name|legal_?rep(?:resentative)?')],
  ['address', /地址|住址|住所|居住地|戶籍地|户籍地|通訊地|通讯地/],
  ['address', tokens('address|addr|dz|zz|zhuzhi|home_?address|residence')],
  ['email', /郵箱|邮箱|電子郵件|电子邮件|電郵|电邮/],
  ['email', tokens('email|e_?mail|mail|mailbox|yx|dzyx')],
  ['landline', /電話|电话|座機|座机|固話|固话/],
  ['landline', tokens('tel|telephone|landline|phone|office_?phone|gddh|lxdh|dh')],
  ['vehicle_plate', /車牌|车牌|號牌|号牌/],
  ['vehicle_plate', tokens('plate|plate_?no|license_?plate|licence_?plate|cph|hphm|car_?no|vehicle_?no')],
];

// "name" in a header is a person only when the header is not about an organization, place or thing
const NOT_A_PERSON = new RegExp(
  '公司|企業|企业|單位|单位|機構|机构|名稱|名称|街道|道路|產品|产品|行業|行业|' +
    'company|enterprise|org|corp|street|road|product|dept|department|file|user_?name|district|hospital|industry|shop|store|brand',
);

/** snake_case, lower case: idCard → id_card, "ID Card" → id_card. */
function normalize(header: string): string {
  return header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

export function headerHints(header: string | undefined): Set<PiiType> {
  const hints = new Set<PiiType>();
  if (!header) return hints;
  const h = normalize(header);
  for (const [type, pattern] of HINTS) if (pattern.test(h)) hints.add(type);
  if (hints.has('person_name') && NOT_A_PERSON.test(h)) hints.delete('person_name');
  return hints;
}
