-- Data resources, their fields and versions; the authorized-operation catalog (授權運營目錄) in editions.
-- A not-open resource (不予開放) can be registered and ingested but never enters the catalog: enforced here by
-- triggers, as well as in the use cases and in the engine.

CREATE TABLE data_resources (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id),          -- the source department
  code              text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_-]{2,63}$'),
  name_zh           text NOT NULL,
  name_en           text,
  description_zh    text NOT NULL DEFAULT '',
  description_en    text,
  category          text[] NOT NULL CHECK (cardinality(category) BETWEEN 1 AND 3),  -- 類 / 項 / 目
  openness          text NOT NULL CHECK (openness IN ('unconditional', 'conditional', 'not_open')),
  update_frequency  text NOT NULL CHECK (update_frequency IN ('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular')),
  format            text NOT NULL DEFAULT 'table',
  publish_date      date,
  related_codes     text[] NOT NULL DEFAULT '{}',
  subject_key       text,                                                -- the field naming the person or company
  subject_kind      text CHECK (subject_kind IN ('person', 'enterprise')),
  grade             text NOT NULL CHECK (grade IN ('general_1', 'general_2', 'general_3', 'general_4', 'important', 'core')),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX data_resources_org ON data_resources (org_id);

CREATE TABLE resource_fields (
  resource_id     uuid NOT NULL REFERENCES data_resources(id) ON DELETE CASCADE,
  org_id          uuid NOT NULL REFERENCES organizations(id),
  position        integer NOT NULL,
  name            text NOT NULL CHECK (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,62}$'),
  type            text NOT NULL CHECK (type IN ('string', 'integer', 'decimal', 'boolean', 'date', 'timestamp')),
  description     text NOT NULL DEFAULT '',
  nullable        boolean NOT NULL DEFAULT true,
  pii_type        text,                    -- confirmed or corrected by the department; drives masking and controls
  pii_confirmed   boolean NOT NULL DEFAULT false,
  pii_suggestion  jsonb,                   -- {type, confidence} from the latest ingest
  role            text NOT NULL CHECK (role IN ('direct_identifier', 'quasi_identifier', 'sensitive', 'other')),
  grade           text NOT NULL CHECK (grade IN ('general_1', 'general_2', 'general_3', 'general_4', 'important', 'core')),
  rules           jsonb NOT NULL DEFAULT '{}',   -- declared quality rules: notNull, unique, pattern, min, max
  PRIMARY KEY (resource_id, name),
  UNIQUE (resource_id, position)
);

CREATE TABLE resource_versions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id      uuid NOT NULL REFERENCES data_resources(id),
  org_id           uuid NOT NULL REFERENCES organizations(id),
  version          integer NOT NULL CHECK (version > 0),
  rows             bigint NOT NULL,
  bytes            bigint NOT NULL,
  sha256           text NOT NULL,
  sm3              text NOT NULL,
  source_format    text NOT NULL,
  encoding         text NOT NULL,
  file_path        text NOT NULL,           -- relative to the datasets directory
  columns          jsonb NOT NULL,
  quality          jsonb NOT NULL,
  pii_suggestions  jsonb NOT NULL,
  created_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL,
  UNIQUE (resource_id, version)
);

CREATE TABLE catalog_entries (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id   uuid NOT NULL UNIQUE REFERENCES data_resources(id),
  org_id        uuid NOT NULL REFERENCES organizations(id),   -- the source department that proposes it
  state         text NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved', 'rejected', 'published', 'withdrawn')),
  reasons       text,                                         -- of the last return or rejection
  submitted_at  timestamptz,
  decided_at    timestamptz,
  decided_by    uuid REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE catalog_editions (
  number        integer PRIMARY KEY CHECK (number > 0),
  published_at  timestamptz NOT NULL,
  published_by  uuid NOT NULL REFERENCES users(id),
  note          text NOT NULL DEFAULT ''
);

CREATE TABLE catalog_edition_items (
  edition        integer NOT NULL REFERENCES catalog_editions(number),
  resource_id    uuid NOT NULL REFERENCES data_resources(id),
  resource_code  text NOT NULL,
  snapshot       jsonb NOT NULL,       -- the resource as published: metadata and fields (no data)
  PRIMARY KEY (edition, resource_id)
);

-- ── not open, never operable ────────────────────────────────────────────────
CREATE FUNCTION catalog_refuse_not_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM data_resources r WHERE r.id = NEW.resource_id AND r.openness = 'not_open') THEN
    RAISE EXCEPTION 'a not-open resource cannot enter the authorized-operation catalog' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER catalog_entries_not_open BEFORE INSERT OR UPDATE ON catalog_entries FOR EACH ROW
  WHEN (NEW.state IN ('submitted', 'approved', 'published')) EXECUTE FUNCTION catalog_refuse_not_open();
CREATE TRIGGER catalog_edition_items_not_open BEFORE INSERT ON catalog_edition_items FOR EACH ROW EXECUTE FUNCTION catalog_refuse_not_open();

CREATE FUNCTION resource_refuse_closing_in_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.openness = 'not_open' AND OLD.openness <> 'not_open'
     AND EXISTS (SELECT 1 FROM catalog_entries e WHERE e.resource_id = NEW.id AND e.state IN ('submitted', 'approved', 'published')) THEN
    RAISE EXCEPTION 'withdraw the resource from the catalog before classifying it not open' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER data_resources_not_open BEFORE UPDATE OF openness ON data_resources FOR EACH ROW EXECUTE FUNCTION resource_refuse_closing_in_catalog();

-- Published editions are history: never rewritten.
CREATE TRIGGER catalog_editions_append_only BEFORE UPDATE OR DELETE ON catalog_editions FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER catalog_edition_items_append_only BEFORE UPDATE OR DELETE ON catalog_edition_items FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- ── who sees and changes what ───────────────────────────────────────────────
-- Departments own their resources, fields, versions and catalog entries; supervisors (authority, regulators)
-- read them; the authority decides on catalog entries and publishes editions, which everyone may read.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['data_resources', 'resource_fields', 'resource_versions', 'catalog_entries'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = shuyun_org() OR shuyun_is_system()) WITH CHECK (org_id = shuyun_org() OR shuyun_is_system())', t || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (shuyun_is_supervisor())', t || '_supervisor', t);
  END LOOP;
END
$$;
CREATE POLICY catalog_entries_authority ON catalog_entries FOR UPDATE
  USING (coalesce(current_setting('shuyun.org_type', true), '') = 'authority')
  WITH CHECK (coalesce(current_setting('shuyun.org_type', true), '') = 'authority');
GRANT SELECT, INSERT, UPDATE ON data_resources, resource_fields, catalog_entries TO shuyun_app;
GRANT SELECT, INSERT ON resource_versions, catalog_editions, catalog_edition_items TO shuyun_app;

ALTER TABLE catalog_editions ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog_editions FORCE ROW LEVEL SECURITY;
ALTER TABLE catalog_edition_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog_edition_items FORCE ROW LEVEL SECURITY;
CREATE POLICY catalog_editions_read ON catalog_editions FOR SELECT USING (true);
CREATE POLICY catalog_edition_items_read ON catalog_edition_items FOR SELECT USING (true);
CREATE POLICY catalog_editions_publish ON catalog_editions FOR INSERT
  WITH CHECK (shuyun_is_system() OR coalesce(current_setting('shuyun.org_type', true), '') = 'authority');
CREATE POLICY catalog_edition_items_publish ON catalog_edition_items FOR INSERT
  WITH CHECK (shuyun_is_system() OR coalesce(current_setting('shuyun.org_type', true), '') = 'authority');
