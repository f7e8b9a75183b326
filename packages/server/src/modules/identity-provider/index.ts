// The identity-provider module: the embedded development OIDC provider and Shuyun's relying-party side of login.
export {
  PROFILE_CLAIMS,
  startLocalIdentityProvider,
  type AccountDirectory,
  type LocalIdentityProviderOptions,
} from './local-identity-provider.ts';
export {
  createRelyingParty,
  OidcLoginError,
  type OidcLoginFailure,
  type PendingLogin,
  type RelyingParty,
  type RelyingPartyOptions,
} from './relying-party.ts';
