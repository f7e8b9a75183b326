export { agreementRoutes } from './routes.ts';
export { draftPlatformServiceAgreement, draftServiceAgreement } from './use-cases/draft-agreement.ts';
export { endAgreementsOf, expireAgreements } from './use-cases/end-agreements.ts';
