// The summary reviewers read before deciding (issue 7 §1: "then human review with a summary of what the checks
// found"): one line per check, then one per finding and note, built from the report alone — so, like the report,
// counts, column names and thresholds, never a data value.
import type { Language } from '@shuyun/core/errors/catalogue';
import type { PiiType } from '@shuyun/core/pii';
import type { ExportCheckName, ExportCheckReport, ExportFinding, ExportNote } from './types.ts';

const CHECK_NAMES: Record<ExportCheckName, { zh: string; en: string }> = {
  pii_values: { zh: '個人信息值掃描', en: 'PII value scan' },
  group_size: { zh: '最小分組規模', en: 'minimum group size' },
  k_anonymity: { zh: 'k-匿名', en: 'k-anonymity' },
  raw_overlap: { zh: '與原始數據重合', en: 'overlap with raw rows' },
  row_cap: { zh: '行數上限', en: 'row cap' },
  size_cap: { zh: '文件大小上限', en: 'size cap' },
  budget: { zh: '隱私預算', en: 'privacy budget' },
};

const PII_NAMES: Record<PiiType, { zh: string; en: string }> = {
  resident_id: { zh: '身份證號', en: 'resident ID numbers' },
  mobile: { zh: '手機號', en: 'mobile numbers' },
  uscc: { zh: '統一社會信用代碼', en: 'USCCs' },
  bank_card: { zh: '銀行卡號', en: 'bank card numbers' },
  person_name: { zh: '疑似姓名', en: 'name-shaped values' },
  address: { zh: '詳細地址', en: 'street addresses' },
  email: { zh: '電子郵箱', en: 'e-mail addresses' },
  landline: { zh: '固定電話', en: 'landline numbers' },
  vehicle_plate: { zh: '車牌號', en: 'vehicle plates' },
};

function dataset(f: { dataset: number; label?: string }): string {
  return f.label ?? `#${f.dataset + 1}`;
}

function finding(f: ExportFinding, zh: boolean): string {
  const mark = f.blocking ? (zh ? '【阻斷】' : '[blocking] ') : '';
  switch (f.code) {
    case 'pii_detected': {
      const type = zh ? PII_NAMES[f.piiType].zh : PII_NAMES[f.piiType].en;
      const why = f.basis === 'permitted' ? (zh ? '（授權允許）' : ' (permitted by the grant)') : f.basis === 'weak_evidence' ? (zh ? '（證據不足，請人工判斷）' : ' (weak evidence: judge by hand)') : '';
      return zh ? `${mark}列 ${f.column}：${f.count} 個${type}（共 ${f.scanned} 個值）${why}` : `${mark}column ${f.column}: ${f.count} ${type} among ${f.scanned} values${why}`;
    }
    case 'column_not_scanned':
      return zh ? `${mark}列 ${f.column}（${f.type}）無法掃描` : `${mark}column ${f.column} (${f.type}) cannot be scanned`;
    case 'group_below_threshold':
      return zh ? `${mark}列 ${f.column}：${f.count} 行的主體數少於 ${f.minSubjects}` : `${mark}column ${f.column}: ${f.count} rows cover fewer than ${f.minSubjects} subjects`;
    case 'subject_count_not_numeric':
      return zh ? `${mark}主體數列 ${f.column} 不是數值（${f.type}）` : `${mark}subject-count column ${f.column} is not numeric (${f.type})`;
    case 'class_below_k':
      return zh
        ? `${mark}按 ${f.columns.join('、')} 分組：${f.count} 個等價類小於 k=${f.k}（共 ${f.rows} 行，最小 ${f.smallestClass}）`
        : `${mark}over ${f.columns.join(', ')}: ${f.count} classes smaller than k=${f.k} (${f.rows} rows, smallest ${f.smallestClass})`;
    case 'raw_row_match':
      return zh ? `${mark}${f.count} 行在 ${f.columns.join('、')} 上與原始數據 ${dataset(f)} 的記錄相同` : `${mark}${f.count} rows equal a row of raw data ${dataset(f)} on ${f.columns.join(', ')}`;
    case 'subject_key_match':
      return zh ? `${mark}列 ${f.column}：${f.count} 個值是原始數據 ${dataset(f)} 的主體標識` : `${mark}column ${f.column}: ${f.count} values are subject keys of raw data ${dataset(f)}`;
    case 'rows_over_cap':
      return zh ? `${mark}${f.rows} 行，超過上限 ${f.maxRows}` : `${mark}${f.rows} rows, over the cap of ${f.maxRows}`;
    case 'bytes_over_cap':
      return zh ? `${mark}${f.bytes} 字節，超過上限 ${f.maxBytes}` : `${mark}${f.bytes} bytes, over the cap of ${f.maxBytes}`;
    case 'budget_exhausted':
      return zh
        ? `${mark}授權的隱私預算已用盡（已用 ε ${f.epsilonSpent} / 共 ${f.epsilonTotal}）`
        : `${mark}the grant's privacy budget is spent (ε ${f.epsilonSpent} of ${f.epsilonTotal} used)`;
  }
}

function note(n: ExportNote, zh: boolean): string {
  switch (n.code) {
    case 'no_subject_count_column':
      return zh ? '未聲明主體數列，未檢查' : 'no subject-count column declared: not checked';
    case 'no_quasi_identifiers':
      return zh ? '未聲明準標識符，未檢查' : 'no quasi-identifiers declared: not checked';
    case 'no_cap':
      return zh ? '授權未設上限' : 'the grant sets no cap';
    case 'no_budget':
      return zh ? '授權未設隱私預算' : 'the grant sets no privacy budget';
    case 'budget_remaining':
      return zh ? `隱私預算剩餘 ε ${n.epsilonRemaining} / 共 ${n.epsilonTotal}` : `privacy budget left: ε ${n.epsilonRemaining} of ${n.epsilonTotal}`;
    case 'empty_result':
      return zh ? '結果為空' : 'the result is empty';
    case 'no_raw_datasets':
      return zh ? '未提供原始數據，未比對' : 'no raw data given: not compared';
    case 'identifying_columns_absent':
      return zh ? `結果缺少原始數據 ${dataset(n)} 的標識列 ${n.missing.join('、')}，未逐行比對` : `the result lacks identifying columns ${n.missing.join(', ')} of raw data ${dataset(n)}: rows not compared`;
    case 'subject_key_not_compared':
      return zh ? `結果沒有文本列，未與原始數據 ${dataset(n)} 的主體標識比對` : `the result has no text column to compare with the subject keys of raw data ${dataset(n)}`;
    case 'columns_not_text':
      return zh ? `列 ${n.columns.join('、')} 的類型不能承載標識符，未掃描` : `columns ${n.columns.join(', ')} cannot hold identifiers by type: not scanned`;
  }
}

export function summarizeExportChecks(report: ExportCheckReport, lang: Language): string[] {
  const zh = lang !== 'en';
  const lines = [
    zh
      ? `自動檢查${report.passed ? '通過' : '未通過'}：${report.rows} 行，${report.bytes} 字節`
      : `Automated checks ${report.passed ? 'passed' : 'failed'}: ${report.rows} rows, ${report.bytes} bytes`,
  ];
  for (const check of report.checks) {
    const name = zh ? CHECK_NAMES[check.name].zh : CHECK_NAMES[check.name].en;
    const status = check.skipped ? (zh ? '未適用' : 'not applicable') : check.passed ? (zh ? '通過' : 'passed') : zh ? '未通過' : 'failed';
    lines.push(`${name}: ${status}`);
    for (const f of check.findings) lines.push(`  - ${finding(f, zh)}`);
    for (const n of check.notes) lines.push(`  · ${note(n, zh)}`);
  }
  return lines;
}
