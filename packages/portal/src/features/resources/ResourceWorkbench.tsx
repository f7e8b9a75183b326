import { Button, Card, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { get, type Items, type Resource } from '../../api.ts';
import { label } from '../../i18n.ts';
import { hasRole, useSession, useT } from '../../shared/context.ts';
import { Loadable } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ClassificationTable } from './ClassificationTable.tsx';
import { EditResourceForm } from './EditResourceForm.tsx';
import type { IngestedVersion } from './types.ts';
import { UploadPanel } from './UploadPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';

/**
 * One resource, opened from the list: upload a version (its department), confirm the PII the platform suggested
 * into the field definitions, correct its descriptive metadata, and read each version's quality profile.
 */
export function ResourceWorkbench({ resource: initial, onChanged }: { resource: Resource; onChanged(): void }) {
  const s = useSession();
  const t = useT();
  const own = s.me.organization.type === 'source_department' && initial.orgId === s.me.organization.id;
  const canEdit = own && hasRole(s.me, 'admin', 'reviewer');
  const [editing, setEditing] = useState(false);
  const data = useAsync(async () => {
    const [resource, versions] = await Promise.all([get<Resource>(`/resources/${initial.id}`, s.lang), get<Items<IngestedVersion>>(`/resources/${initial.id}/versions`, s.lang)]);
    return { resource, versions: versions.items };
  }, [initial.id, s.lang]);

  return (
    <div data-testid={`workbench-${initial.code}`} style={{ padding: '4px 0' }}>
      <Loadable state={data}>
        {({ resource, versions }) => {
          const latest = [...versions].sort((a, b) => b.version - a.version)[0];
          return (
            <>
              <Descriptions
                size="small"
                column={4}
                style={{ marginBottom: 12 }}
                items={[
                  { key: 'cat', label: t('category'), children: resource.category.join(' / ') },
                  { key: 'freq', label: t('updateFrequency'), children: label(s.lang, 'freq_', resource.updateFrequency) },
                  { key: 'subject', label: t('subjectKey'), children: resource.subjectKey ? <code>{resource.subjectKey}</code> : '—' },
                  { key: 'grade', label: t('grade'), children: <Tag>{label(s.lang, 'grade_', resource.grade)}</Tag> },
                ]}
                extra={
                  canEdit && (
                    <Button size="small" onClick={() => setEditing(true)} data-testid={`edit-${resource.code}`}>
                      {t('edit')}
                    </Button>
                  )
                }
              />
              {editing && (
                <EditResourceForm
                  resource={resource}
                  onClose={() => setEditing(false)}
                  onSaved={() => {
                    data.reload();
                    onChanged();
                  }}
                />
              )}
              {canEdit && (
                <UploadPanel
                  resource={resource}
                  onIngested={() => {
                    data.reload();
                    onChanged();
                  }}
                />
              )}
              <Card size="small" title={t('ingPiiTitle')} style={{ marginBottom: 12 }} extra={latest ? <Tag>{t('ingFromVersion', { n: latest.version })}</Tag> : undefined}>
                <ClassificationTable
                  resource={resource}
                  suggestions={latest?.piiSuggestions ?? null}
                  canEdit={canEdit}
                  onChanged={() => {
                    data.reload();
                    onChanged();
                  }}
                />
              </Card>
              <Card size="small" title={t('versions')}>
                <VersionsPanel versions={versions} />
              </Card>
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
