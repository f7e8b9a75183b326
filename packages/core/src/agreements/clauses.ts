// The clause templates of the three agreement kinds, zh-CN first with en, filled from validated inputs.
// Each template clause has a stable key; the clauses the measures require are cited beside each template.
import {
  columnControlNames,
  computationModeNames,
  usageCategoryNames,
  type Fee,
} from '../policy/usage-policy.ts';
import {
  platformFeeItemNames,
  platformServiceNames,
  type AgreementParty,
  type Localized,
  type ParsedAgreementInput,
} from './model.ts';

export interface ClauseDraft {
  key: string;
  title: Localized;
  paragraphs: Localized[];
}

type Input<K extends ParsedAgreementInput['kind']> = Extract<ParsedAgreementInput, { kind: K }>;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function zhDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

export function enDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (clause and party numbers stay below 100). */
export function zhNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError('zhNumeral: 1…99');
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

const nameEn = (p: AgreementParty) => p.nameEn ?? p.nameZh;
const introduce = (p: AgreementParty): Localized => ({
  zh: `${p.designation.zh}：${p.nameZh}（統一社會信用代碼：${p.uscc}）`,
  en: `${p.designation.en}: ${nameEn(p)} (unified social credit code ${p.uscc})`,
});
const ref = (p: AgreementParty): Localized => p.designation;
const list = (items: Localized[], zhSep = '、', enSep = ', '): Localized => ({
  zh: items.map((i) => i.zh).join(zhSep),
  en: items.map((i) => i.en).join(enSep),
});
const termText = (from: string, until: string): Localized => ({
  zh: `自${zhDate(from)}起至${zhDate(until)}止`,
  en: `from ${enDate(from)} to ${enDate(until)}, both days included`,
});

const byRole = (parties: AgreementParty[], role: AgreementParty['role']) => parties.filter((p) => p.role === role);
const one = (parties: AgreementParty[], role: AgreementParty['role']) => byRole(parties, role)[0] as AgreementParty;

function partiesClause(parties: AgreementParty[], intro: Localized): ClauseDraft {
  return { key: 'parties', title: { zh: '協議各方', en: 'Parties' }, paragraphs: [intro, ...parties.map(introduce)] };
}

function entryIntoForce(parties: AgreementParty[]): ClauseDraft {
  return {
    key: 'entry_into_force',
    title: { zh: '簽署、生效與修訂', en: 'Signature, entry into force and amendment' },
    paragraphs: [
      {
        zh: `本協議由${list(parties.map(ref)).zh}各自以本單位登記的 SM2 簽名密鑰，對本協議規範化文本（RFC 8785）的 SM3 摘要進行電子簽名。各方均簽署後，本協議自期限開始之日起生效；期限屆滿自動失效。`,
        en: `${list(parties.map(ref)).en} each sign, with the SM2 signing key registered for their organization, the SM3 hash of the canonical text of this Agreement (RFC 8785). Once every party has signed, this Agreement is in force from the first day of its term; it expires automatically at the end of its term.`,
      },
      {
        zh: '本協議的任何變更，須以引用本協議摘要的修訂協議作出，並經各方重新簽署後生效；已簽署的文本不得更改。',
        en: 'Any change to this Agreement is made by an amendment that cites the hash of this Agreement and takes effect only when every party has signed it again; a signed text is never altered.',
      },
    ],
  };
}

// ── 授權運營協議 (Art. 12–14) ─────────────────────────────────────────────────────────────────────────────────────

const DEFAULT_PLATFORM: Localized = { zh: '福田區公共數據授權運營服務平臺（數運）', en: 'the Futian District public data authorized-operation platform (Shuyun)' };

export function operatorAgreementClauses(input: Input<'operator_agreement'>, parties: AgreementParty[], term: { from: string; until: string }): ClauseDraft[] {
  const a = one(parties, 'authority');
  const o = one(parties, 'operator');
  const platform = input.platformName ?? DEFAULT_PLATFORM;
  return [
    partiesClause(parties, {
      zh: `授權主體為${a.designation.zh}，代表福田區開展公共數據授權運營管理；授權對象為經區人民政府審定的授權運營單位${o.designation.zh}（第十二條）。`,
      en: `The grantor is ${a.designation.en}, acting for Futian District in the management of public data authorized operation; the grantee is ${o.designation.en}, the authorized operator approved by the District People's Government (Art. 12).`,
    }),
    {
      key: 'authorized_content',
      title: { zh: '授權內容（數據及服務平臺）', en: 'Subject of the authorization (data and platform)' },
      paragraphs: [
        {
          zh: `${a.designation.zh}授權${o.designation.zh}在授權期限內，依託${platform.zh}，對下列公共數據開展授權運營：${input.authorizedData.zh}`,
          en: `${a.designation.en} authorizes ${o.designation.en} to operate, during the term and through ${platform.en}, the following public data: ${input.authorizedData.en}`,
        },
        {
          zh: '授權範圍限於已納入授權運營目錄的無條件開放和有條件開放數據資源；不予開放的數據資源不在授權範圍內。原始數據不出域，數據可用不可見。',
          en: 'The authorization covers only unconditional and conditional resources published in the operation catalog; resources classed as not open are never covered. Raw data never leaves the domain: data is usable but not visible.',
        },
      ],
    },
    {
      key: 'authorization_process',
      title: { zh: '授權流程', en: 'Authorization process' },
      paragraphs: [
        {
          zh: `${o.designation.zh}及其平臺合作方使用具體數據資源，須提出公共數據資源授權申請，經評估確認及數源部門確認（第十八條），並簽訂公共數據開發利用服務協議（第十九條）後，方可開展開發利用。平臺合作方的入駐及退出須報${a.designation.zh}備案（第十七條）。`,
          en: `Before ${o.designation.en} or its platform partners use any specific resource, they apply for authorization of that resource; after the authority's evaluation and the source department's confirmation (Art. 18) and the signature of a development and use service agreement (Art. 19) may development begin. The admission and exit of platform partners are filed with ${a.designation.en} (Art. 17).`,
        },
      ],
    },
    {
      key: 'application_scope',
      title: { zh: '授權應用範圍', en: 'Scope of application' },
      paragraphs: [
        input.applicationScope,
        {
          zh: '公共數據產品和服務實行登記備案，不得用於或變相用於未經審核的應用場景（第二十一條）。',
          en: 'Public data products and services are registered and filed, and are never used, directly or indirectly, for a scenario that has not been reviewed (Art. 21).',
        },
      ],
    },
    {
      key: 'term',
      title: { zh: '授權期限', en: 'Term' },
      paragraphs: [
        {
          zh: `授權期限${termText(term.from, term.until).zh}。期限屆滿，授權自動終止；續期須重新評審並簽訂協議。`,
          en: `The authorization runs ${termText(term.from, term.until).en}. At the end of the term it ends automatically; a renewal requires a new review and a new agreement.`,
        },
      ],
    },
    {
      key: 'liability',
      title: { zh: '責任機制', en: 'Liability' },
      paragraphs: [
        {
          zh: `誰運營誰負責，誰使用誰負責。${o.designation.zh}違反本協議的，${a.designation.zh}責令限期整改，整改期間暫停其數據使用權限；逾期未整改或整改不到位的，終止本協議（第三十九條）。違法違規行為依法納入征信記錄（第四十條）。`,
          en: `Whoever operates is responsible; whoever uses is responsible. If ${o.designation.en} breaches this Agreement, ${a.designation.en} orders rectification within a deadline and suspends its data access meanwhile; if it is not rectified in time, this Agreement is terminated (Art. 39). Violations are entered in credit records as the law provides (Art. 40).`,
        },
      ],
    },
    {
      key: 'supervision',
      title: { zh: '監督機制', en: 'Supervision' },
      paragraphs: [
        {
          zh: `${a.designation.zh}每季度對${o.designation.zh}開展監督檢查，發現問題的責令整改並可暫停授權（第二十九條）；${o.designation.zh}跟蹤平臺合作方的數據使用，每月向${a.designation.zh}報送監管報告（第三十條）。平臺全流程操作可追蹤、數據可溯源，監管部門可只讀查閱。`,
          en: `${a.designation.en} inspects ${o.designation.en} every quarter, orders rectification of the problems found and may suspend the authorization (Art. 29); ${o.designation.en} tracks its platform partners' use of data and reports to ${a.designation.en} every month (Art. 30). Every operation on the platform is traceable and every datum has provenance; regulators have read-only access.`,
        },
      ],
    },
    {
      key: 'termination',
      title: { zh: '終止和撤銷機制', en: 'Termination and revocation' },
      paragraphs: [
        {
          zh: `本協議終止或撤銷的，${a.designation.zh}立即關閉${o.designation.zh}的公共數據和服務平臺使用權限，並留存不少於2年的相關網絡日誌；${o.designation.zh}應及時刪除平臺內留存的相關數據並提供刪除確認，配合做好管理平臺及平臺合作方的交接（第十四條）。`,
          en: `If this Agreement is terminated or revoked, ${a.designation.en} closes at once ${o.designation.en}'s access to the public data and to the platform and keeps the related network logs for at least 2 years; ${o.designation.en} promptly deletes the related data kept on the platform, confirms the deletion, and hands over the management of the platform and of its platform partners (Art. 14).`,
        },
      ],
    },
    {
      key: 'security',
      title: { zh: '安全要求', en: 'Security requirements' },
      paragraphs: [
        {
          zh: `${o.designation.zh}落實網絡安全等級保護和商用密碼應用安全性評估要求，建立全生命週期合規管理，每季度開展安全培訓，定期備份數據使用記錄；每月開展平臺安全檢查和數據安全審計，每年提交安全風險評估報告並開展應急演練（第三十一條至第三十五條）。`,
          en: `${o.designation.en} meets the requirements of classified protection of cybersecurity and of the commercial cryptography application security assessment, manages compliance over the whole life cycle, trains staff every quarter and backs up data-use records regularly; it checks platform security and audits data security every month, submits a security risk assessment report and holds an emergency drill every year (Art. 31–35).`,
        },
        {
          zh: '不得洩露、篡改、毀損公共數據；不得導出原始數據；不得通過可逆模型或算法還原原始數據；不得將授權數據提供給第三方（第三十三條）。',
          en: 'Public data is never leaked, tampered with or destroyed; raw data is never exported; raw data is never restored through reversible models or algorithms; authorized data is never passed to third parties (Art. 33).',
        },
      ],
    },
    {
      key: 'force_majeure',
      title: { zh: '不可抗力', en: 'Force majeure' },
      paragraphs: [
        {
          zh: '因不可抗力不能履行本協議的，根據不可抗力的影響部分或者全部免除責任，但受影響方應及時通知其他各方，並在合理期限內提供證明；遲延履行後發生不可抗力的，不免除其責任。',
          en: 'A party prevented by force majeure from performing this Agreement is released from liability in part or in whole according to the effect of the force majeure, provided that it notifies the other parties promptly and gives proof within a reasonable time; force majeure arising after a delay in performance does not release the delaying party.',
        },
      ],
    },
  ];
}

// ── 開發利用服務協議 (Art. 19 ¶1) ─────────────────────────────────────────────────────────────────────────────────

export function feeText(fee: Fee): Localized {
  if (fee.kind === 'free') {
    return {
      zh: '本協議項下的數據用於公共治理、公益事業，有條件無償使用，不收取數據使用費用（第三十七條）。',
      en: 'The data under this Agreement serves public governance and public welfare: it is used free of charge, on conditions (Art. 37).',
    };
  }
  const per = { call: { zh: '每次調用', en: 'per call' }, month: { zh: '每月', en: 'per month' }, year: { zh: '每年', en: 'per year' }, term: { zh: '整個期限', en: 'for the whole term' } }[fee.per];
  const method = fee.chargingMethod === 'prepaid' ? { zh: '預付', en: 'paid in advance' } : { zh: '按實際使用後付', en: 'paid after use, on actual use' };
  return {
    zh: `本協議項下的數據用於產業發展、行業發展，有條件有償使用（第三十七條）。計費標準：${fee.standard}，${per.zh}人民幣 ${fee.amount} 元；收費方式：${method.zh}。`,
    en: `The data under this Agreement serves industry development: it is used against payment, on conditions (Art. 37). Fee standard: ${fee.standard}, CNY ${fee.amount} ${per.en}; charging: ${method.en}.`,
  };
}

export function serviceAgreementClauses(input: Input<'service_agreement'>, parties: AgreementParty[], term: { from: string; until: string }): ClauseDraft[] {
  const a = one(parties, 'authority');
  const sources = byRole(parties, 'source_department');
  const partner = byRole(parties, 'partner')[0];
  const grantee = partner ?? one(parties, 'operator');
  const sourceRefs = list(sources.map(ref));
  const departmentOf = (id: string) => sources.find((s) => s.organizationId === id) as AgreementParty;
  const limits: Localized[] = [
    {
      zh: `每項對外輸出的聚合結果所涉數據主體不少於 ${input.minSubjects} 個。`,
      en: `Every aggregate released covers at least ${input.minSubjects} distinct data subjects.`,
    },
  ];
  if (input.privacyBudget) {
    const perQuery = input.privacyBudget.epsilonPerQuery;
    limits.push({
      zh: `差分隱私預算：期限內累計 ε 不超過 ${input.privacyBudget.epsilonTotal}${perQuery !== undefined ? `，單次查詢 ε 不超過 ${perQuery}` : ''}。`,
      en: `Differential-privacy budget: a total ε of at most ${input.privacyBudget.epsilonTotal} over the term${perQuery !== undefined ? `, at most ${perQuery} per query` : ''}.`,
    });
  }
  const q = input.quotas;
  if (q && (q.total !== undefined || q.perDay !== undefined || q.perMonth !== undefined)) {
    const zh = [q.total !== undefined ? `期限內共 ${q.total} 次` : '', q.perMonth !== undefined ? `每月 ${q.perMonth} 次` : '', q.perDay !== undefined ? `每日 ${q.perDay} 次` : ''].filter(Boolean);
    const en = [q.total !== undefined ? `${q.total} in the term` : '', q.perMonth !== undefined ? `${q.perMonth} a month` : '', q.perDay !== undefined ? `${q.perDay} a day` : ''].filter(Boolean);
    limits.push({ zh: `調用次數上限：${zh.join('，')}。`, en: `Call quotas: at most ${en.join(', ')}.` });
  }
  return [
    partiesClause(parties, {
      zh: `${a.designation.zh}為區公共數據主管部門，${sourceRefs.zh}為所列數據的數源部門，${grantee.designation.zh}為獲得授權的${grantee.role === 'partner' ? '平臺合作方' : '授權運營單位'}（第十九條）。`,
      en: `${a.designation.en} is the district public data authority, ${sourceRefs.en} ${sources.length > 1 ? 'are the source departments' : 'is the source department'} of the data listed, and ${grantee.designation.en} is the ${grantee.role === 'partner' ? 'platform partner' : 'authorized operator'} granted its use (Art. 19).`,
    }),
    {
      key: 'scenario',
      title: { zh: '應用場景', en: 'Scenario' },
      paragraphs: [
        {
          zh: `應用場景：${input.scenario.name.zh}（場景代碼 ${input.scenario.code}）；用途類別：${usageCategoryNames[input.scenario.usage].zh}。`,
          en: `Scenario: ${input.scenario.name.en} (scenario code ${input.scenario.code}); category of use: ${usageCategoryNames[input.scenario.usage].en}.`,
        },
        ...(input.scenario.description ? [input.scenario.description] : []),
        {
          zh: `${grantee.designation.zh}僅可將數據用於本場景；用於其他場景須另行申請授權。`,
          en: `${grantee.designation.en} uses the data for this scenario only; any other scenario needs a new authorization.`,
        },
      ],
    },
    {
      key: 'data_list',
      title: { zh: '數據清單', en: 'Data list' },
      paragraphs: input.dataList.map((item, i) => {
        const dept = departmentOf(item.sourceDepartmentId);
        return {
          zh: `${i + 1}. ${item.name.zh}（資源代碼 ${item.resource}，數源部門：${dept.designation.zh}）：${item.fields.map((f) => `${f.name}（${columnControlNames[f.control].zh}）`).join('、')}。`,
          en: `${i + 1}. ${item.name.en} (resource code ${item.resource}, source department: ${dept.designation.en}): ${item.fields.map((f) => `${f.name} (${columnControlNames[f.control].en})`).join(', ')}.`,
        };
      }),
    },
    {
      key: 'call_method',
      title: { zh: '數據調用方式', en: 'Call method' },
      paragraphs: [
        {
          zh: `數據僅在平臺內以下列方式調用：${input.modes.map((m) => computationModeNames[m].zh).join('、')}。字段按數據清單所列的列控制使用。`,
          en: `The data is called only on the platform, in these ways: ${input.modes.map((m) => computationModeNames[m].en).join(', ')}. Each field is used as its column control in the data list allows.`,
        },
        ...limits,
        {
          zh: '任何結果須經出域審核後方可離開平臺；原始數據不出域。',
          en: 'Every result leaves the platform only after export review; raw data never leaves the domain.',
        },
      ],
    },
    {
      key: 'term',
      title: { zh: '使用期限', en: 'Term of use' },
      paragraphs: [
        {
          zh: `使用期限${termText(term.from, term.until).zh}；期限屆滿，授權自動終止。`,
          en: `The data may be used ${termText(term.from, term.until).en}; at the end of the term the grant ends automatically.`,
        },
      ],
    },
    { key: 'fee', title: { zh: '數據計費標準和收費方式', en: 'Fee standard and charging' }, paragraphs: [feeText(input.fee)] },
    {
      key: 'liability_supervision',
      title: { zh: '責任及監督機制', en: 'Liability and supervision' },
      paragraphs: [
        {
          zh: `誰使用誰負責。${grantee.designation.zh}的每次調用均記入可驗證的平臺賬本，${a.designation.zh}及${sourceRefs.zh}可隨時查閱。${grantee.designation.zh}違反本協議的，責令限期整改並暫停數據訪問；逾期未整改的，終止授權（第三十條、第三十九條）。${sourceRefs.zh}發現異常使用的，可要求整改（第三十三條）。`,
          en: `Whoever uses is responsible. Every call by ${grantee.designation.en} is recorded in the platform's verifiable ledger, which ${a.designation.en} and ${sourceRefs.en} may consult at any time. If ${grantee.designation.en} breaches this Agreement, it is ordered to rectify within a deadline and its data access is suspended meanwhile; if it does not rectify in time, the grant is terminated (Art. 30, 39). ${sourceRefs.en} may demand rectification of any irregular use they find (Art. 33).`,
        },
      ],
    },
    {
      key: 'confidentiality',
      title: { zh: '保密條款', en: 'Confidentiality' },
      paragraphs: [
        {
          zh: `${grantee.designation.zh}對在開發利用中接觸的公共數據、個人信息和商業秘密負有保密義務，不得洩露、不得提供給第三方，不得通過可逆模型或算法還原原始數據；本條在協議終止後繼續有效。`,
          en: `${grantee.designation.en} keeps confidential the public data, personal information and trade secrets it meets in development and use; it never discloses them, never passes them to third parties and never restores raw data through reversible models or algorithms. This clause survives the end of this Agreement.`,
        },
      ],
    },
  ];
}

// ── 平臺服務協議 (Art. 19 ¶2) ─────────────────────────────────────────────────────────────────────────────────────

export function platformServiceAgreementClauses(input: Input<'platform_service_agreement'>, parties: AgreementParty[], term: { from: string; until: string }): ClauseDraft[] {
  const o = one(parties, 'operator');
  const p = one(parties, 'partner');
  const fees: Localized[] =
    input.feeSchedule.length === 0
      ? [{ zh: '本協議期限內，上述平臺服務不收取費用。', en: 'The platform services above are free of charge during the term.' }]
      : [
          {
            zh: `平臺服務費按基礎設施資源消耗、數據脫敏、模型發佈、結果導出等成本核定（第三十六條），收費方式：${input.chargingMethod === 'prepaid' ? '預付' : '按實際使用後付'}。計費標準如下：`,
            en: `Platform service fees are set from the cost of resource consumption, masking, model publishing and result export (Art. 36); charging: ${input.chargingMethod === 'prepaid' ? 'paid in advance' : 'paid after use, on actual use'}. The fee standard:`,
          },
          ...input.feeSchedule.map((f, i) => ({
            zh: `${i + 1}. ${platformFeeItemNames[f.item].zh}：人民幣 ${f.amount} 元／${f.unit.zh}`,
            en: `${i + 1}. ${platformFeeItemNames[f.item].en}: CNY ${f.amount} per ${f.unit.en}`,
          })),
        ];
  return [
    partiesClause(parties, {
      zh: `${o.designation.zh}為授權運營單位，負責運營公共數據授權運營服務平臺；${p.designation.zh}為入駐平臺開展數據開發利用的平臺合作方（第十九條）。`,
      en: `${o.designation.en} is the authorized operator that runs the public data authorized-operation platform; ${p.designation.en} is the platform partner that develops data products on it (Art. 19).`,
    }),
    {
      key: 'services',
      title: { zh: '服務內容', en: 'Services' },
      paragraphs: [
        {
          zh: `${o.designation.zh}向${p.designation.zh}提供以下平臺服務：${input.services.map((s) => platformServiceNames[s].zh).join('、')}。`,
          en: `${o.designation.en} provides ${p.designation.en} with these platform services: ${input.services.map((s) => platformServiceNames[s].en).join('; ')}.`,
        },
        {
          zh: '使用具體公共數據資源，另須經授權申請並簽訂公共數據開發利用服務協議。',
          en: 'Using any specific public data resource further requires an authorization application and a development and use service agreement.',
        },
      ],
    },
    {
      key: 'term',
      title: { zh: '服務期限', en: 'Term of service' },
      paragraphs: [
        {
          zh: `服務期限${termText(term.from, term.until).zh}，且不超過${o.designation.zh}授權運營協議的有效期。`,
          en: `The services are provided ${termText(term.from, term.until).en}, and never beyond the term of ${o.designation.en}'s operator agreement.`,
        },
      ],
    },
    { key: 'fees', title: { zh: '服務計費標準和收費方式', en: 'Fee standard and charging' }, paragraphs: fees },
    {
      key: 'entry_exit',
      title: { zh: '進入和退出機制', en: 'Entry and exit' },
      paragraphs: [
        {
          zh: `${p.designation.zh}按${o.designation.zh}公佈的准入資質入駐平臺；入駐和退出均報區公共數據主管部門備案（第十七條）。`,
          en: `${p.designation.en} joins the platform under the admission qualifications published by ${o.designation.en}; both admission and exit are filed with the district public data authority (Art. 17).`,
        },
        {
          zh: `${p.designation.zh}退出或被終止合作的，其全部數據訪問權限即時關閉，其在平臺內留存的數據予以刪除並確認；年度評價不合格的，按本協議處理（第二十八條）。`,
          en: `When ${p.designation.en} exits or is terminated, all its data access is closed at once and the data it kept on the platform is deleted, with confirmation; a failing annual evaluation is dealt with under this Agreement (Art. 28).`,
        },
      ],
    },
    {
      key: 'rights_duties',
      title: { zh: '權利與義務', en: 'Rights and duties' },
      paragraphs: [
        {
          zh: `${o.designation.zh}保障平臺穩定、安全運行，實施租戶隔離、開發與生產環境隔離和出域審核，跟蹤${p.designation.zh}的數據使用並每月報告主管部門（第三十條）；發現違規的，責令整改並暫停其數據訪問，逾期未整改的，終止其訪問。`,
          en: `${o.designation.en} keeps the platform stable and secure, enforces tenant isolation, development/production isolation and export review, tracks ${p.designation.en}'s use of data and reports monthly to the authority (Art. 30); on a violation it orders rectification and suspends data access, and terminates access if the violation is not rectified in time.`,
        },
        {
          zh: `${p.designation.zh}在授權範圍內開發數據產品和服務，對投入實際勞動和技術產生的產品和服務可獲得相應收益（第三十六條）；產品須登記備案，不得用於未經審核的場景（第二十一條）；配合監督檢查和年度評價。`,
          en: `${p.designation.en} develops data products and services within its authorizations and may earn the returns of the products its own work and technology produce (Art. 36); its products are registered and filed and never used for unreviewed scenarios (Art. 21); it cooperates with inspections and the annual evaluation.`,
        },
      ],
    },
    {
      key: 'confidentiality',
      title: { zh: '保密條款', en: 'Confidentiality' },
      paragraphs: [
        {
          zh: '各方對在平臺服務中知悉的公共數據、個人信息、商業秘密及對方的技術和經營信息負有保密義務，不得洩露或提供給第三方；本條在協議終止後繼續有效。',
          en: "Each party keeps confidential the public data, personal information, trade secrets and the other party's technical and business information it learns in the platform services, and never discloses them or passes them to third parties. This clause survives the end of this Agreement.",
        },
      ],
    },
  ];
}

export { entryIntoForce };
