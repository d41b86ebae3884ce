import { createScanDeps } from '../shared/messaging-deps.js';
import { reminderScanHandler } from '../shared/messages/handlers.js';
import { loadTracing, traceInvocations } from '../shared/observability/tracing.js';

// Invoked every 5 minutes by EventBridge Scheduler; built once per cold start, the tracer first so
// the clients it makes are traced.
await loadTracing();
export const handler = traceInvocations(reminderScanHandler(createScanDeps()));
