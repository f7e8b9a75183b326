import { ApiError, type Problem } from '../../api.ts';
import type { Lang } from '../../i18n.ts';
import type { IngestedVersion, UploadEncoding, UploadFormat } from './types.ts';

const CONTENT_TYPES: Record<UploadFormat, string> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

/** The format of a file by its name (and its type, when the browser knows it); undefined when the route cannot read it. */
export function formatOfFile(file: File): UploadFormat | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.txt') || file.type === 'text/csv') return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || file.type === 'application/x-ndjson') return 'jsonl';
  if (name.endsWith('.parquet')) return 'parquet';
  return undefined;
}

export interface UploadProgress {
  /** bytes sent so far */
  loaded: number;
  /** bytes to send */
  total: number;
  /** every byte is sent: the platform is now checking, converting and profiling the version */
  sent: boolean;
}

export interface UploadHandle {
  promise: Promise<IngestedVersion>;
  abort(): void;
}

/**
 * Streams a file to POST /resources/:id/versions as its raw body. XMLHttpRequest, not fetch: only XHR reports upload
 * progress (`upload.onprogress`). Problems come back as problem+json, already in the user's language.
 */
export function uploadVersion(resourceId: string, file: File, opts: { lang: Lang; format: UploadFormat; encoding: UploadEncoding; onProgress(p: UploadProgress): void }): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<IngestedVersion>((resolve, reject) => {
    const query = new URLSearchParams({ format: opts.format, ...(opts.format === 'csv' ? { encoding: opts.encoding } : {}) });
    xhr.open('POST', `/api/v1/resources/${encodeURIComponent(resourceId)}/versions?${query.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', CONTENT_TYPES[opts.format]);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('accept-language', opts.lang);
    xhr.upload.onprogress = (e) => opts.onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, sent: false });
    // a small file may finish before any progress event: the end of the upload is 100 % either way
    xhr.upload.onload = () => opts.onProgress({ loaded: file.size, total: file.size, sent: true });
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as IngestedVersion);
        return;
      }
      const problem = typeof body === 'object' && body !== null && 'title' in body && 'status' in body ? (body as Problem) : { status: xhr.status, code: `HTTP_${xhr.status}`, title: xhr.statusText || `HTTP ${xhr.status}` };
      reject(new ApiError(problem));
    };
    const unreachable = () => reject(new ApiError({ status: 0, code: 'NETWORK', title: opts.lang === 'en' ? 'The platform cannot be reached' : '無法連接平臺' }));
    xhr.onerror = unreachable;
    xhr.ontimeout = unreachable;
    xhr.onabort = () => reject(new ApiError({ status: 0, code: 'ABORTED', title: opts.lang === 'en' ? 'The upload was cancelled' : '上傳已取消' }));
    opts.onProgress({ loaded: 0, total: file.size, sent: false });
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
