import { Empty } from 'antd';
import { useT } from '../../shared/context.ts';
import { PageTitle } from '../../shared/ui.tsx';

/** (to be built) */
export function LedgerPage({ id }: { id?: string | undefined }) {
  const t = useT();
  return (
    <>
      <PageTitle>{t('navLedger')}</PageTitle>
      <Empty description={id ?? t('empty')} />
    </>
  );
}
