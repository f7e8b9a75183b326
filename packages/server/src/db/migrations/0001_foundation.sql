-- Foundation: the application role, tenant context helpers, organizations and identity.
-- Tenant isolation: every tenant-owned table has row-level security ENABLED and FORCED, and the application
-- works as `shuyun_app`, which owns nothing. Each transaction sets the role and the tenant (see db/database.ts).

DO $$
BEGIN
  CREATE ROLE shuyun_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another database of the same server created it already
END
$$;
GRANT USAGE ON SCHEMA public TO shuyun_app;

-- The tenant context of the current transaction (set with set_config(..., true) by the application).
CREATE FUNCTION shuyun_org() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('shuyun.org_id', true), '')::uuid $$;
CREATE FUNCTION shuyun_is_system() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('shuyun.system', true), '') = 'on' $$;
CREATE FUNCTION shuyun_is_supervisor() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('shuyun.org_type', true), '') IN ('authority', 'regulator') $$;
GRANT EXECUTE ON FUNCTION shuyun_org(), shuyun_is_system(), shuyun_is_supervisor() TO shuyun_app;

-- ── organizations (the tenants) ─────────────────────────────────────────────
CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE,
  name_zh     text NOT NULL,
  name_en     text,
  type        text NOT NULL CHECK (type IN ('authority','source_department','operator','partner','regulator','expert','consumer')),
  uscc        text,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','terminated')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
-- The directory of organizations is visible to every signed-in tenant (partners choose an operator, etc.);
-- only the platform itself creates or changes organizations in this issue.
CREATE POLICY organizations_directory ON organizations FOR SELECT USING (shuyun_org() IS NOT NULL OR shuyun_is_system());
CREATE POLICY organizations_system ON organizations FOR ALL USING (shuyun_is_system()) WITH CHECK (shuyun_is_system());
GRANT SELECT, INSERT, UPDATE ON organizations TO shuyun_app;

-- ── users and roles ────────────────────────────────────────────────────────
CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id),
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  email          text,
  password_hash  text,                -- local provider only; null for users of an external issuer
  oidc_issuer    text,                -- external issuer and subject this user logs in with
  oidc_subject   text,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (oidc_issuer, oidc_subject)
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE user_roles (
  org_id   uuid NOT NULL REFERENCES organizations(id),
  user_id  uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role     text NOT NULL CHECK (role IN ('admin','reviewer','developer','signatory','viewer')),
  PRIMARY KEY (user_id, role)
);

-- ── browser sessions and API keys ──────────────────────────────────────────
CREATE TABLE sessions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id),
  user_id       uuid NOT NULL REFERENCES users(id),
  token_hash    text NOT NULL UNIQUE,   -- SHA-256 of the cookie value; the value itself is never stored
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id),
  created_by    uuid NOT NULL REFERENCES users(id),
  name          text NOT NULL,
  key_prefix    text NOT NULL,          -- first characters, shown to identify a key
  key_hash      text NOT NULL UNIQUE,   -- SHA-256 of the whole key
  scopes        text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX api_keys_org ON api_keys (org_id);

-- Pending OIDC logins between the redirect to the issuer and the callback (not tenant-owned: no tenant yet).
CREATE TABLE login_states (
  state          text PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  return_to      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE login_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE login_states FORCE ROW LEVEL SECURITY;
CREATE POLICY login_states_system ON login_states FOR ALL USING (shuyun_is_system()) WITH CHECK (shuyun_is_system());
GRANT SELECT, INSERT, DELETE ON login_states TO shuyun_app;

-- Tenant isolation for every tenant-owned table: a tenant sees and writes only its own rows;
-- the platform's own steps (authentication, schedulers, seeding) run in the system context.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'user_roles', 'sessions', 'api_keys'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (org_id = shuyun_org() OR shuyun_is_system()) WITH CHECK (org_id = shuyun_org() OR shuyun_is_system())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO shuyun_app', t);
  END LOOP;
END
$$;
