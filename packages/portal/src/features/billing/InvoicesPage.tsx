import { Empty } from 'antd';
import { useT } from '../../shared/context.ts';
import { PageTitle } from '../../shared/ui.tsx';

/** (to be built) */
export function InvoicesPage({ id }: { id?: string | undefined }) {
  const t = useT();
  return (
    <>
      <PageTitle>{t('navInvoices')}</PageTitle>
      <Empty description={id ?? t('empty')} />
    </>
  );
}
