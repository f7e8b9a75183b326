// Classification and grading (分級分類) of data resources.
//  - openness class (Art. 2): 無條件開放 / 有條件開放 / 不予開放
//  - grade per GB/T 43697-2024: 核心數據 > 重要數據 > 一般數據 (一般 in four levels, 4 the most sensitive)
//  - field role per GB/T 37964-2019: direct identifier / quasi-identifier / sensitive attribute / other

export const opennessClasses = ['unconditional', 'conditional', 'not_open'] as const;
export type OpennessClass = (typeof opennessClasses)[number];

export const grades = ['general_1', 'general_2', 'general_3', 'general_4', 'important', 'core'] as const;
export type Grade = (typeof grades)[number];

export const gradeNames: Record<Grade, { zh: string; en: string }> = {
  general_1: { zh: '一般數據 1 級', en: 'General, level 1' },
  general_2: { zh: '一般數據 2 級', en: 'General, level 2' },
  general_3: { zh: '一般數據 3 級', en: 'General, level 3' },
  general_4: { zh: '一般數據 4 級', en: 'General, level 4' },
  important: { zh: '重要數據', en: 'Important data' },
  core: { zh: '核心數據', en: 'Core data' },
};

export const fieldRoles = ['direct_identifier', 'quasi_identifier', 'sensitive', 'other'] as const;
export type FieldRole = (typeof fieldRoles)[number];

export const fieldTypes = ['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp'] as const;
export type FieldType = (typeof fieldTypes)[number];

export const updateFrequencies = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;
export type UpdateFrequency = (typeof updateFrequencies)[number];

/** How long a version may be old before it counts as stale, per declared update frequency (days). */
export const freshnessDays: Record<UpdateFrequency, number | null> = {
  realtime: 1,
  daily: 2,
  weekly: 8,
  monthly: 32,
  quarterly: 93,
  yearly: 366,
  irregular: null,
};

export function compareGrades(a: Grade, b: Grade): number {
  return grades.indexOf(a) - grades.indexOf(b);
}

/** A resource is graded as its most sensitive field (就高從嚴); a resource without fields is general level 1. */
export function resourceGrade(fieldGrades: readonly Grade[]): Grade {
  return fieldGrades.reduce<Grade>((max, g) => (compareGrades(g, max) > 0 ? g : max), 'general_1');
}

/** Whether a resource may ever be part of authorized operation: catalogued, applied for, previewed or computed on. */
export function isOperable(openness: OpennessClass): boolean {
  return openness !== 'not_open';
}

/** How old a version is against its resource's declared update frequency (stale: older than the frequency allows). */
export function freshness(versionCreatedAt: Date, frequency: UpdateFrequency, now: Date): { ageDays: number; stale: boolean } {
  const ageDays = Math.floor((now.getTime() - versionCreatedAt.getTime()) / 86_400_000);
  const limit = freshnessDays[frequency];
  return { ageDays, stale: limit !== null && ageDays > limit };
}
