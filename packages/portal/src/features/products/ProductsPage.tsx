import { Button, Card, Flex, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { get, type Items } from '../../api.ts';
import { hasRole, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { FilingForm } from './FilingForm.tsx';
import { ProductDetail } from './ProductDetail.tsx';
import { ProductTable } from './ProductTable.tsx';
import type { Product } from './types.ts';
import { UsableProducts } from './UsableProducts.tsx';

/** `#/products` (the lists), `#/products/new` (the filing form), `#/products/:id` (one product). */
export function ProductsPage({ id }: { id?: string | undefined }) {
  if (id === 'new') return <FilingForm />;
  if (id) return <ProductDetail id={id} />;
  return <ProductList />;
}

function matches(p: Product, q: string): boolean {
  if (!q) return true;
  return `${p.nameZh} ${p.nameEn ?? ''} ${p.scenarios.join(' ')}`.toLowerCase().includes(q.toLowerCase());
}

/** By the organization's type: a filer's own products, the authority's review queue, a consumer's usable products; everyone's catalog. */
function ProductList() {
  const s = useSession();
  const t = useT();
  const products = useAsync(() => get<Items<Product>>('/products', s.lang), [s.lang]);
  const [q, setQ] = useState('');
  const type = s.me.organization.type;
  const filer = (type === 'operator' || type === 'partner') && hasRole(s.me, 'admin', 'developer');
  const supervisor = type === 'authority' || type === 'regulator';
  const [tab, setTab] = useState<string | undefined>(undefined);

  return (
    <>
      <PageTitle
        extra={
          <Flex gap={8} wrap>
            <Input.Search allowClear placeholder={t('prSearch')} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} data-testid="products-search" />
            <Button onClick={products.reload}>{t('refresh')}</Button>
            {filer && (
              <Button type="primary" href={href('/products/new')} data-testid="file-product">
                {t('prFile')}
              </Button>
            )}
          </Flex>
        }
      >
        {t('navProducts')}
      </PageTitle>
      <Loadable state={products}>
        {(data) => {
          const items = data.items.filter((p) => matches(p, q));
          const catalog = items.filter((p) => p.state === 'approved');
          const tabs = [
            ...(type === 'operator' || type === 'partner'
              ? [{ key: 'mine', label: t('prMine'), children: <ProductTable testId="products-mine" items={items.filter((p) => p.orgId === s.me.organization.id)} empty={t('prNoMine')} showProvider={false} /> }]
              : []),
            ...(supervisor
              ? [
                  { key: 'pending', label: `${t('prPending')} (${items.filter((p) => p.state === 'submitted').length})`, children: <ProductTable testId="products-pending" items={items.filter((p) => p.state === 'submitted')} empty={t('prNoPending')} /> },
                  { key: 'all', label: t('prAll'), children: <ProductTable testId="products-all" items={items} empty={t('prNoProducts')} /> },
                ]
              : []),
            ...(type === 'consumer' ? [{ key: 'usable', label: t('prUsable'), children: <UsableProducts q={q} /> }] : []),
            {
              key: 'catalog',
              label: t('prCatalog'),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t('prCatalogIntro')}</Typography.Paragraph>
                  <ProductTable testId="products-catalog" items={catalog} empty={t('prNoProducts')} showState={false} />
                </>
              ),
            },
          ];
          return (
            <Card>
              <Tabs activeKey={tabs.some((x) => x.key === tab) ? tab : tabs[0]!.key} onChange={setTab} items={tabs} data-testid="products-tabs" />
            </Card>
          );
        }}
      </Loadable>
    </>
  );
}
