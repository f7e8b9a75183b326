import { Card, Checkbox, Flex, Tag, Typography } from 'antd';
import type { CatalogSnapshot, ResourceSelection } from '../../api.ts';
import { label } from '../../i18n.ts';
import { resourceName } from '../../shared/catalog.ts';
import { useSession } from '../../shared/context.ts';

/** Choose catalog resources and, for each, a subset of its fields. */
export function ResourcePicker({ resources, value, onChange }: { resources: CatalogSnapshot[]; value: ResourceSelection[]; onChange(v: ResourceSelection[]): void }) {
  const { lang } = useSession();
  const selected = new Map(value.map((v) => [v.resourceId, v.fields]));
  const toggle = (r: CatalogSnapshot, on: boolean) =>
    onChange(on ? [...value, { resourceId: r.id, fields: r.fields.map((f) => f.name) }] : value.filter((v) => v.resourceId !== r.id));
  const setFields = (r: CatalogSnapshot, fields: string[]) => onChange(value.map((v) => (v.resourceId === r.id ? { ...v, fields } : v)));
  return (
    <Flex vertical gap={8}>
      {resources
        .filter((r) => r.openness !== 'not_open')
        .map((r) => {
          const fields = selected.get(r.id);
          return (
            <Card key={r.id} size="small" data-testid={`pick-${r.code}`} styles={{ body: { padding: '8px 12px' } }}>
              <Checkbox checked={!!fields} onChange={(e) => toggle(r, e.target.checked)} data-testid={`pick-resource-${r.code}`}>
                <Typography.Text strong>{resourceName(lang, r)}</Typography.Text> <code>{r.code}</code> <Tag>{label(lang, 'open_', r.openness)}</Tag>
                <Tag>{label(lang, 'grade_', r.grade)}</Tag>
              </Checkbox>
              {fields && (
                <div style={{ marginTop: 8, paddingLeft: 24 }}>
                  <Checkbox.Group
                    value={fields}
                    onChange={(v) => setFields(r, v)}
                    options={r.fields.map((f) => ({ value: f.name, label: <span data-testid={`field-${r.code}-${f.name}`}>{f.name}{f.description ? `（${f.description}）` : ''}</span> }))}
                  />
                </div>
              )}
            </Card>
          );
        })}
    </Flex>
  );
}
