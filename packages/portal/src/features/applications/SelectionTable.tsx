import { Table, Tag } from 'antd';
import type { Application, CatalogSnapshot } from '../../api.ts';
import { resourceName } from '../../shared/catalog.ts';
import { useSession, useT } from '../../shared/context.ts';

/** Requested fields against granted fields, per resource: narrowed fields show struck through. */
export function SelectionTable({ app, catalog }: { app: Application; catalog: Map<string, CatalogSnapshot> }) {
  const { lang } = useSession();
  const t = useT();
  return (
    <Table
      rowKey="resourceId"
      size="small"
      pagination={false}
      dataSource={app.requested.resources}
      columns={[
        { title: t('resources'), render: (_, r) => `${resourceName(lang, catalog.get(r.resourceId), r.resourceId.slice(0, 8))} ${catalog.get(r.resourceId)?.code ?? ''}` },
        {
          title: t('fields'),
          render: (_, r) => {
            const granted = new Set(app.granted.resources.find((g) => g.resourceId === r.resourceId)?.fields ?? []);
            return r.fields.map((f) => (
              <Tag key={f} color={granted.has(f) ? 'blue' : 'default'} style={granted.has(f) ? undefined : { textDecoration: 'line-through' }}>
                {f}
              </Tag>
            ));
          },
        },
      ]}
    />
  );
}
