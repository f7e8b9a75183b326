// oidc-provider v9 ships no type declarations. This covers only the surface the local identity provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcAccount {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }

  export interface OidcContext {
    oidc: { client?: { clientId: string } };
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: {
      name: string;
      reasons: string[];
      details: {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
    };
    params: Record<string, unknown>;
    session?: { accountId: string; uid?: string };
    grantId?: string;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg: string } };
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
  }

  export type AdapterPayload = Record<string, unknown> & { uid?: unknown; grantId?: unknown; consumed?: number };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  type Ttl = number | ((ctx: OidcContext, token: unknown, client: unknown) => number);

  export interface Configuration {
    adapter?: (model: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: Array<Record<string, unknown>> };
    cookies?: {
      names?: { session?: string; interaction?: string; resume?: string };
      long?: Record<string, unknown>;
      short?: Record<string, unknown>;
      keys?: string[];
    };
    scopes?: string[];
    claims?: Record<string, string[]>;
    pkce?: { required?: (ctx: OidcContext, client: unknown) => boolean };
    findAccount?: (ctx: OidcContext, sub: string, token?: unknown) => Promise<OidcAccount | undefined>;
    features?: {
      devInteractions?: { enabled: boolean };
      rpInitiatedLogout?: { enabled: boolean };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: OidcContext, client: unknown, oneOf?: string[]) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: OidcContext, model: unknown) => Promise<boolean>;
        getResourceServerInfo?: (ctx: OidcContext, resourceIndicator: string, client: unknown) => Promise<ResourceServerInfo>;
      };
    };
    interactions?: { url?: (ctx: OidcContext, interaction: { uid: string }) => Promise<string> };
    ttl?: Record<string, Ttl>;
    clientBasedCORS?: (ctx: OidcContext, origin: string, client: unknown) => boolean;
    renderError?: (ctx: { type: string; body: unknown; get(header: string): string }, out: Record<string, string>, error: Error) => Promise<void>;
  }

  export interface KoaContext {
    path: string;
    method: string;
  }

  export interface Session {
    accountId?: string;
    destroy(): Promise<void>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: {
      new (init: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    readonly Session: { get(ctx: KoaContext): Promise<Session> };
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
    on(event: string, listener: (...args: any[]) => void): this;
  }

  class OidcError extends Error {
    constructor(description?: string);
    error: string;
    error_description?: string;
  }

  export const errors: {
    OIDCProviderError: typeof OidcError;
    InvalidTarget: typeof OidcError;
    SessionNotFound: typeof OidcError;
  };

  export default Provider;
}
