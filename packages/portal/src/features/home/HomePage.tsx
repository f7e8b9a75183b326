import { Card, Col, Descriptions, Row, Statistic, Tag, Typography } from 'antd';
import { type Agreement, type Application, get, type InboxMessage, type Items } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { useAsync } from '../../shared/useAsync.ts';

/** Who is signed in, and what waits for them: unread messages, reviews, signatures. */
export function HomePage() {
  const s = useSession();
  const t = useT();
  const { me } = s;
  const type = me.organization.type;
  const counts = useAsync(async () => {
    const reviews = ['operator', 'authority', 'source_department'].includes(type) ? get<Items<Application>>('/applications?awaitingMe=true', s.lang).then((r) => r.items.length) : Promise.resolve(null);
    const sign = type !== 'consumer' && type !== 'expert' ? get<Items<Agreement>>('/agreements', s.lang).then((r) => r.items.filter((a) => a.awaiting.includes(me.organization.id)).length) : Promise.resolve(null);
    const unread = get<Items<InboxMessage>>('/inbox?unread=true', s.lang).then((r) => r.items.length);
    return { reviews: await reviews.catch(() => null), sign: await sign.catch(() => null), unread: await unread.catch(() => null) };
  }, [s.lang, type]);
  const orgDisplay = s.lang === 'en' ? (me.organization.nameEn ?? me.organization.nameZh) : me.organization.nameZh;
  return (
    <>
      <Card title={`${t('welcome')}，${me.user.displayName}`} style={{ marginBottom: 16 }}>
        <Descriptions
          column={1}
          bordered
          size="small"
          items={[
            { key: 'org', label: t('organization'), children: orgDisplay },
            { key: 'type', label: t('orgType'), children: label(s.lang, 'org_', type) },
            { key: 'status', label: t('orgStatus'), children: label(s.lang, 'status_', me.organization.status) },
            { key: 'roles', label: t('roles'), children: me.roles.map((r) => <Tag key={r}>{label(s.lang, 'role_', r)}</Tag>) },
          ]}
        />
      </Card>
      <Row gutter={16}>
        {counts.data?.unread != null && (
          <Col span={8}>
            <Card>
              <a href={href('/inbox')}>
                <Statistic title={t('unread')} value={counts.data.unread} />
              </a>
            </Card>
          </Col>
        )}
        {counts.data?.reviews != null && (
          <Col span={8}>
            <Card>
              <a href={href('/reviews')}>
                <Statistic title={t('awaitingMe')} value={counts.data.reviews} />
              </a>
            </Card>
          </Col>
        )}
        {counts.data?.sign != null && (
          <Col span={8}>
            <Card>
              <a href={href('/agreements')}>
                <Statistic title={t('awaitingSignature')} value={counts.data.sign} />
              </a>
            </Card>
          </Col>
        )}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('homeIntro')}
      </Typography.Paragraph>
    </>
  );
}
