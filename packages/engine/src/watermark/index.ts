// Recipient watermarks on released files (issue 7 §1); the scheme itself is in @shuyun/core/watermark.
export {
  detectWatermark,
  sniffFormat,
  watermarkCsv,
  watermarkParquet,
  type DetectOptions,
  type FileDetection,
  type TabularRows,
  type WatermarkedFile,
  type WatermarkFileOptions,
  type WatermarkFormat,
} from './watermark-file.ts';
