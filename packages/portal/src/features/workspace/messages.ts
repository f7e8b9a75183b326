import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary. Rows a governed answer withholds, by rule:
// the threshold rule keeps the portal's `suppressed` message ('{n} 行因主體數少於 {m} 被隱藏'); the differencing
// control (a group released before whose subject count would differ by 1..m−1) has its own.
const zh = {
  wsWithheldDifferencing: '{n} 行因與先前答案相差的主體數少於 {m} 被隱藏（差分控制）',
  wsWithheldThresholdHelp: '每個發布的行須覆蓋不少於授權最小聚合主體數的不同主體；不足的行只計數，不發布。',
  wsWithheldDifferencingHelp: '同一分組此前已發布過，本次的主體數與先前答案相差大於 0 且少於最小聚合主體數：兩次答案相減可能單獨識別少數主體，故不發布。',
  wsWithheldThresholdShort: '{n} 行低於門檻',
  wsWithheldDifferencingShort: '{n} 行差分控制',
};

export const workspaceMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    wsWithheldDifferencing: '{n} rows withheld: they differ from an earlier answer by fewer than {m} subjects (differencing control)',
    wsWithheldThresholdHelp: "Every released row covers at least the grant's minimum number of distinct subjects; smaller rows are only counted, never released.",
    wsWithheldDifferencingHelp:
      "The same group was released before, and this answer's subject count differs from it by more than 0 and fewer than the minimum: subtracting the two answers could single out a few subjects, so the row is not released.",
    wsWithheldThresholdShort: '{n} below threshold',
    wsWithheldDifferencingShort: '{n} differencing',
  },
};
