import { createScanDeps } from '../shared/messaging-deps.js';
import { reminderScanHandler } from '../shared/messages/handlers.js';

// Invoked every 5 minutes by EventBridge Scheduler; built once per cold start.
export const handler = reminderScanHandler(createScanDeps());
