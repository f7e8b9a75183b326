import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';

export type Async<T> = { loading: boolean; error: ApiError | null; data: T | undefined; reload(): void };

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError({ status: 0, code: 'CLIENT', title: err instanceof Error ? err.message : String(err) });
}

/** Loads data on mount and whenever `deps` change; `reload()` loads again. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ loading: boolean; error: ApiError | null; data: T | undefined }>({ loading: true, error: null, data: undefined });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    loadRef
      .current()
      .then((data) => live && setState({ loading: false, error: null, data }))
      .catch((err: unknown) => live && setState({ loading: false, error: toApiError(err), data: undefined }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** Runs an action, keeping its pending state and its problem (if any) for display. */
export function useAction(): { pending: boolean; error: ApiError | null; run<T>(fn: () => Promise<T>): Promise<T | undefined>; clear(): void } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(toApiError(err));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run, clear: () => setError(null) };
}
