import { Alert, Button, Empty, Flex, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api.ts';
import { label } from '../i18n.ts';
import { useSession, useT } from './context.ts';
import type { Async } from './useAsync.ts';

/** A problem+json from the API, in the user's language: its title, code, field errors and request id. */
export function ProblemAlert({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  const p = error.problem;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="problem"
      title={p.title}
      description={
        <Flex vertical gap={2}>
          <Typography.Text type="secondary">
            {p.code}
            {p.status ? ` · HTTP ${p.status}` : ''}
          </Typography.Text>
          {p.detail && <span>{p.detail}</span>}
          {p.errors?.map((e) => (
            <Typography.Text key={`${e.path}-${e.reason}`} code>
              {e.path}: {e.message ?? e.reason}
            </Typography.Text>
          ))}
          {p.requestId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('requestId')}: {p.requestId}
            </Typography.Text>
          )}
        </Flex>
      }
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('retry')}</Button> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

/** Loading, error and empty states around data from the API. */
export function Loadable<T>({ state, empty, isEmpty, children }: { state: Async<T>; empty?: string; isEmpty?: (data: T) => boolean; children: (data: T) => ReactNode }) {
  const t = useT();
  if (state.loading && state.data === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin description={t('loading')} />
      </Flex>
    );
  }
  if (state.error) return <ProblemAlert error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return null;
  if (isEmpty?.(state.data)) return <Empty description={empty ?? t('empty')} />;
  return <>{children(state.data)}</>;
}

const COLORS: Record<string, string> = {
  approved: 'green', in_force: 'green', active: 'green', admitted: 'green', published: 'green', succeeded: 'green', answered: 'green', confirmed: 'green',
  rejected: 'red', refused: 'red', terminated: 'red', failed: 'red', overdue: 'red',
  returned: 'orange', suspended: 'orange', escalated: 'orange', awaiting_signatures: 'gold', submitted: 'blue', applied: 'blue',
  operator_review: 'blue', authority_evaluation: 'purple', source_confirmation: 'cyan', draft: 'default', withdrawn: 'default', expired: 'default',
};

/** A state as a coloured tag, labelled through the i18n prefix. */
export function StateTag({ prefix, value }: { prefix: string; value: string | null | undefined }) {
  const { lang } = useSession();
  if (!value) return <Tag>—</Tag>;
  return <Tag color={COLORS[value] ?? 'default'}>{label(lang, prefix, value)}</Tag>;
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </Flex>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return (
    <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
      {children}
    </Typography.Text>
  );
}
