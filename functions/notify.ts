import { createNotifyDeps } from '../shared/messaging-deps.js';
import { notifyHandler } from '../shared/messages/handlers.js';

// Invoked by the reminder queue's SQS event source; built once per cold start.
export const handler = notifyHandler(createNotifyDeps());
