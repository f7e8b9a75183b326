-- Products (數據產品和服務, Art. 21–23), their APIs, metering (Art. 36–37) and access transparency.
-- A product is filed (登記備案) with its scenarios, scope, manner of use and pricing basis, reviewed by the authority
-- against a checklist, then published. A data API / indicator product serves the rows of an in-domain result table
-- (computed by an approved job) by one lookup column; consumers call it with a key bound to one product and one
-- approved scenario; every call is metered and the subject it touched is recorded.

CREATE TABLE products (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id           uuid NOT NULL REFERENCES organizations(id),      -- the provider (operator or partner)
  grant_id         uuid NOT NULL REFERENCES grants(id),
  kind             text NOT NULL CHECK (kind IN ('dataset', 'data_api', 'indicator', 'report', 'model', 'application')),
  name_zh          text NOT NULL,
  name_en          text,
  description      text NOT NULL,
  scenarios        text[] NOT NULL,                                   -- approved scenario codes it may serve
  scope            text NOT NULL,                                     -- 使用範圍
  manner_of_use    text NOT NULL,                                     -- 使用方式
  usage            text NOT NULL CHECK (usage IN ('public_interest', 'industry')),
  pricing          jsonb NOT NULL,                                    -- {basis, price (yuan), per}; free for public interest
  source           jsonb,                                             -- {resultTableId, lookupColumn, outputColumns}
  model_inspection jsonb,                                             -- for models: training data, output surface, inspection record
  state            text NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'suspended')),
  checklist        jsonb,
  reasons          text,
  submitted_at     timestamptz NOT NULL,
  decided_at       timestamptz,
  decided_by       uuid,
  parties          uuid[] NOT NULL
);

CREATE TABLE product_keys (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id       uuid NOT NULL REFERENCES products(id),
  consumer_org_id  uuid NOT NULL REFERENCES organizations(id),
  scenario         text NOT NULL,
  key_hash         text NOT NULL UNIQUE,                              -- SHA-256 of the key; the key is shown once
  key_prefix       text NOT NULL,
  quota_per_day    integer NOT NULL CHECK (quota_per_day > 0),
  rate_per_minute  integer NOT NULL CHECK (rate_per_minute > 0),
  created_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  parties          uuid[] NOT NULL
);

-- Metering: what each organization used, per agreement or product, in integer units.
CREATE TABLE usage_records (
  id           bigserial PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES organizations(id),
  grant_id     uuid REFERENCES grants(id),
  product_id   uuid REFERENCES products(id),
  key_id       uuid REFERENCES product_keys(id),
  kind         text NOT NULL CHECK (kind IN ('compute_ms', 'bytes_scanned', 'masking_operations', 'export', 'api_call', 'model_publication')),
  quantity     bigint NOT NULL CHECK (quantity >= 0),
  period_day   date NOT NULL,                                         -- Beijing date
  recorded_at  timestamptz NOT NULL,
  parties      uuid[] NOT NULL
);
CREATE INDEX usage_records_org_day ON usage_records (org_id, period_day);
CREATE INDEX usage_records_key_day ON usage_records (key_id, period_day) WHERE key_id IS NOT NULL;

-- Access transparency: whose records product calls touched (each subject key as a hash), for "who used my data".
-- One row per key, day and metering batch holds every subject of the batch: the metering cost stays per batch, not
-- per call, and a subject finds its rows through the GIN index.
CREATE TABLE subject_accesses (
  id               bigserial PRIMARY KEY,
  subject_hashes   text[] NOT NULL,
  product_id       uuid NOT NULL REFERENCES products(id),
  consumer_org_id  uuid NOT NULL REFERENCES organizations(id),
  scenario         text NOT NULL,
  calls            integer NOT NULL,                                  -- the calls of the batch with this key that day
  period_day       date NOT NULL,
  recorded_at      timestamptz NOT NULL,
  parties          uuid[] NOT NULL
);
CREATE INDEX subject_accesses_subjects ON subject_accesses USING gin (subject_hashes);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['products', 'product_keys', 'usage_records', 'subject_accesses'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (shuyun_is_party(parties)) WITH CHECK (shuyun_is_party(parties))', t || '_parties', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (shuyun_is_supervisor())', t || '_supervisor', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO shuyun_app', t);
  END LOOP;
END
$$;
-- The authority reviews every product: it may update any product's decision.
CREATE POLICY products_review ON products FOR UPDATE
  USING (coalesce(current_setting('shuyun.org_type', true), '') = 'authority')
  WITH CHECK (coalesce(current_setting('shuyun.org_type', true), '') = 'authority');
-- Published products are listed for every signed-in organization (their filing, never their data).
CREATE POLICY products_catalog ON products FOR SELECT USING (state = 'approved' AND shuyun_org() IS NOT NULL);
GRANT USAGE ON SEQUENCE usage_records_id_seq, subject_accesses_id_seq TO shuyun_app;
REVOKE UPDATE ON usage_records, subject_accesses FROM shuyun_app;
