// The public shapes of version ingestion: what a department declares, where the bytes come from, what is stored.

export type FieldType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export interface DeclaredField {
  name: string;
  type: FieldType;
  /** Default true. A non-nullable field refuses the version when any row has no value. */
  nullable?: boolean;
  /** Decimal places kept for a `decimal` field (0–12, default 6): stored as DECIMAL(18, scale). */
  scale?: number;
}

/** An explicit encoding, or `auto`: a byte-order mark, else UTF-8 when the first megabytes are valid UTF-8, else GB18030. */
export type SourceEncoding = 'utf-8' | 'gb18030' | 'gbk' | 'auto';

export type SourceFormat = 'csv' | 'parquet' | 'jsonl';

export type IngestSource =
  | { kind: 'file'; path: string; format: SourceFormat; encoding?: SourceEncoding }
  | {
      kind: 'stream';
      stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
      format: SourceFormat;
      encoding?: SourceEncoding;
      /** The announced size (an HTTP Content-Length), for progress only. */
      totalBytes?: number;
    }
  | {
      kind: 'postgres';
      connectionString: string;
      /** `table` or `schema.table`: plain identifiers, matched as written (quoted). */
      table: string;
    };

export interface IngestTarget {
  datasetsDir: string;
  resourceCode: string;
  version: number;
  fields: DeclaredField[];
}

/** reading: the source arrives (upload, decoding, PostgreSQL); converting: checked, written and hashed; stored: done. */
export type IngestPhase = 'reading' | 'converting' | 'stored';

export interface IngestProgress {
  phase: IngestPhase;
  /** Bytes of the source processed so far in this phase. */
  bytes: number;
  totalBytes?: number;
  rows?: number;
}

export interface IngestOptions {
  onProgress?: (p: IngestProgress) => void;
  /** Where intermediate files go (decoded text, uploads, DuckDB spill). Default: `<datasetsDir>/.ingest-tmp`. */
  tmpDir?: string;
  /**
   * Also count approximate distinct values per column: one more pass over the Parquet file (about a quarter of the
   * ingest's time), so off by default; the version's quality profile counts what it needs.
   */
  distinct?: boolean;
  /** DuckDB limits for the ingest instance. */
  memoryLimit?: string;
  threads?: number;
}

export interface IngestedColumn {
  name: string;
  type: FieldType;
  nulls: number;
  /** Approximate (HyperLogLog) distinct non-null values. */
  distinct?: number;
}

export interface IngestResult {
  parquetPath: string;
  rows: number;
  /** Size of the Parquet file. */
  bytes: number;
  /** Hex digests of the Parquet file. */
  sha256: string;
  sm3: string;
  /** The source text encoding as read (`utf-8`, `gb18030`, `gbk`, `utf-16le`, `utf-16be`), or `binary` for Parquet; a PostgreSQL pull is `utf-8`. */
  encoding: string;
  columns: IngestedColumn[];
}

export type IngestErrorCode = 'FIELDS_MISMATCH' | 'MALFORMED_ROWS' | 'ENCODING' | 'SOURCE_UNREADABLE' | 'VERSION_EXISTS';

export type IngestProblemKind =
  | 'missing_column'
  | 'unexpected_column'
  | 'duplicate_column'
  | 'too_many_fields'
  | 'too_few_fields'
  | 'bad_quoting'
  | 'line_too_long'
  | 'type_mismatch'
  | 'null_in_required_field'
  | 'not_an_object'
  | 'invalid_json'
  | 'invalid_encoding'
  | 'unreadable'
  | 'version_exists';

/**
 * One thing wrong with a version. Never carries a data value: only where (line of a text source, 1 = the header of
 * a CSV; or row of a Parquet source, 1-based) and what (column, declared type).
 */
export interface IngestProblem {
  kind: IngestProblemKind;
  line?: number;
  row?: number;
  column?: string;
  reason: string;
}
