import { Empty } from 'antd';
import { AdmissionsPage } from '../features/admissions/AdmissionsPage.tsx';
import { AgreementDetail } from '../features/agreements/AgreementDetail.tsx';
import { AgreementsPage } from '../features/agreements/AgreementsPage.tsx';
import { ApplicationDetail } from '../features/applications/ApplicationDetail.tsx';
import { ApplicationsPage } from '../features/applications/ApplicationsPage.tsx';
import { ApplyForm } from '../features/applications/ApplyForm.tsx';
import { InvoicesPage } from '../features/billing/InvoicesPage.tsx';
import { CatalogPage } from '../features/catalog/CatalogPage.tsx';
import { ResourceDetail } from '../features/catalog/ResourceDetail.tsx';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { ExportsPage } from '../features/exports/ExportsPage.tsx';
import { GrantDetail } from '../features/grants/GrantDetail.tsx';
import { GrantsPage } from '../features/grants/GrantsPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { InboxPage } from '../features/inbox/InboxPage.tsx';
import { LedgerPage } from '../features/ledger/LedgerPage.tsx';
import { ProductsPage } from '../features/products/ProductsPage.tsx';
import { ResourcesPage } from '../features/resources/ResourcesPage.tsx';
import { ReviewQueue } from '../features/reviews/ReviewQueue.tsx';
import { SupervisionPage } from '../features/supervision/SupervisionPage.tsx';
import { useT } from './context.ts';

/** The page for a hash path. */
export function Routes({ path }: { path: string[] }) {
  const t = useT();
  const [head, id, sub] = path;
  switch (head) {
    case undefined:
      return <HomePage />;
    case 'catalog':
      return id ? <ResourceDetail id={id} /> : <CatalogPage />;
    case 'resources':
      return <ResourcesPage key={id ?? ''} id={id} />;
    case 'admission':
      return <AdmissionsPage />;
    case 'apply':
      return <ApplyForm />;
    case 'applications':
      return id ? <ApplicationDetail key={id} id={id} /> : <ApplicationsPage />;
    case 'reviews':
      return <ReviewQueue />;
    case 'agreements':
      return id ? <AgreementDetail key={id} id={id} /> : <AgreementsPage />;
    case 'grants':
      return id ? <GrantDetail key={id} id={id} {...(sub ? { tab: sub } : {})} /> : <GrantsPage />;
    case 'inbox':
      return <InboxPage />;
    case 'supervision':
      return <SupervisionPage />;
    case 'exports':
      return <ExportsPage key={id ?? ''} id={id} />;
    case 'products':
      return <ProductsPage key={id ?? ''} id={id} />;
    case 'invoices':
      return <InvoicesPage key={id ?? ''} id={id} />;
    case 'ledger':
      return <LedgerPage key={id ?? ''} id={id} />;
    case 'dashboard':
      return <DashboardPage key={id ?? ''} id={id} />;
    default:
      return <Empty description={t('notFound')} />;
  }
}
