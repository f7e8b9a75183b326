export { notificationRoutes } from './routes.ts';
export { notify, type Notice } from './use-cases/notify.ts';
export { deliverWebhooks } from './use-cases/deliver-webhooks.ts';
