import { Table } from 'antd';
import type { ResourceField } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';

export function FieldsTable({ fields }: { fields: ResourceField[] }) {
  const { lang } = useSession();
  const t = useT();
  return (
    <Table<ResourceField>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={fields}
      columns={[
        { title: t('fieldName'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
        { title: t('description'), dataIndex: 'description', render: (d?: string) => d ?? '—' },
        { title: t('fieldType'), dataIndex: 'type' },
        { title: t('fieldRole'), render: (_, f) => label(lang, 'role_', f.role) },
        { title: t('grade'), render: (_, f) => label(lang, 'grade_', f.grade) },
        { title: t('piiType'), render: (_, f) => f.piiType ?? f.piiSuggestion?.type ?? '—' },
      ]}
    />
  );
}
