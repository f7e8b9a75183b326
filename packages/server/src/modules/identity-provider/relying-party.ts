import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import * as client from 'openid-client';

export type OidcLoginFailure = 'state_mismatch' | 'token_exchange_failed' | 'invalid_token' | 'issuer_unreachable';

/** Why a login or a bearer token was refused. `detail` is a protocol error code at most, never token contents. */
export class OidcLoginError extends Error {
  constructor(
    readonly reason: OidcLoginFailure,
    readonly detail?: string,
  ) {
    super(detail ? `OIDC: ${reason} (${detail})` : `OIDC: ${reason}`);
    this.name = 'OidcLoginError';
  }
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface RelyingParty {
  // returns the URL to redirect the browser to, plus what must be kept (in a short-lived signed cookie) until the callback
  beginLogin(opts?: { loginHint?: string }): Promise<{ url: string; pending: PendingLogin }>;
  // completes the code exchange and returns the verified ID token claims and the access token
  completeLogin(callbackUrl: URL, pending: PendingLogin): Promise<{ claims: Record<string, unknown>; accessToken: string; expiresIn?: number }>;
  // verifies an access token (JWT) presented as a bearer token: signature via issuer JWKS, iss, aud = apiAudience, exp
  verifyAccessToken(token: string): Promise<{ sub: string; claims: Record<string, unknown> }>;
}

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  apiAudience: string;
  allowInsecureHttp?: boolean; // only for the local provider on loopback
  scope?: string; // default 'openid profile'
}

// Asymmetric only: a JWKS-verified token must never be accepted with a shared-secret algorithm.
const ACCESS_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export async function createRelyingParty(opts: RelyingPartyOptions): Promise<RelyingParty> {
  const auth = opts.clientSecret ? client.ClientSecretBasic(opts.clientSecret) : client.None();
  let config: client.Configuration;
  try {
    config = await client.discovery(new URL(opts.issuer), opts.clientId, undefined, auth, {
      ...(opts.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
  } catch (err) {
    throw new OidcLoginError('issuer_unreachable', errorCode(err));
  }
  // The ID token comes over a back channel, but checking its signature as well costs one cached JWKS fetch.
  client.enableNonRepudiationChecks(config);
  const metadata = config.serverMetadata();
  if (!metadata.jwks_uri) throw new OidcLoginError('issuer_unreachable', 'no jwks_uri');
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  const scope = opts.scope ?? 'openid profile';

  return {
    async beginLogin(options) {
      const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: opts.redirectUri,
        scope,
        // Asking for our API as the resource makes the access token a JWT any Shuyun node can verify.
        resource: opts.apiAudience,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        ...(options?.loginHint ? { login_hint: options.loginHint } : {}),
      });
      return { url: url.href, pending };
    },

    async completeLogin(callbackUrl, pending) {
      // Checked first so a forged or replayed callback is named as such, not as a failed exchange.
      if (callbackUrl.searchParams.get('state') !== pending.state) throw new OidcLoginError('state_mismatch');
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          callbackUrl,
          { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
          { resource: opts.apiAudience },
        );
        const claims = tokens.claims();
        if (!claims) throw new OidcLoginError('token_exchange_failed', 'no id_token');
        return { claims: { ...claims }, accessToken: tokens.access_token, expiresIn: tokens.expiresIn() };
      } catch (err) {
        if (err instanceof OidcLoginError) throw err;
        throw new OidcLoginError('token_exchange_failed', errorCode(err));
      }
    },

    async verifyAccessToken(token) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: metadata.issuer,
          audience: opts.apiAudience,
          algorithms: ACCESS_TOKEN_ALGORITHMS,
          requiredClaims: ['sub', 'exp'],
          clockTolerance: 15,
        });
        return { sub: String(payload.sub), claims: { ...payload } };
      } catch (err) {
        throw new OidcLoginError(isJwksTrouble(err) ? 'issuer_unreachable' : 'invalid_token', errorCode(err));
      }
    },
  };
}

/** A failure to fetch or read the issuer's keys, as opposed to a token that does not verify. */
function isJwksTrouble(err: unknown): boolean {
  if (!(err instanceof joseErrors.JOSEError)) return true; // network errors from fetch
  return err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || err.code === 'ERR_JOSE_GENERIC';
}

/** A short machine-readable code from a library error: OAuth `error`, openid-client or jose code. Never a message. */
function errorCode(err: unknown): string | undefined {
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) return err.error;
  if (err instanceof joseErrors.JOSEError) return err.code;
  if (err instanceof client.ClientError) return err.code;
  if (err instanceof Error) return err.name;
  return undefined;
}
