export { identityRoutes } from './routes.ts';
export { checkPassword, type PasswordCheck } from './use-cases/check-password.ts';
export { resolveActor, type BearerVerifier, type Credential } from './use-cases/resolve-actor.ts';
export type { LoginFlow } from './use-cases/log-in.ts';
export { hashPassword, API_KEY_PREFIX } from './secrets.ts';
export { localAccountDirectory } from './account-directory.ts';
export { provisionUser } from './use-cases/provision-user.ts';
export { actAs } from './use-cases/act-as.ts';
