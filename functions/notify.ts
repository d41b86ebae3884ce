import { createNotifyDeps } from '../shared/messaging-deps.js';
import { notifyHandler } from '../shared/messages/handlers.js';
import { loadTracing, traceInvocations } from '../shared/observability/tracing.js';

// Invoked by the reminder queue's SQS event source; built once per cold start, the tracer first so
// the clients it makes are traced.
await loadTracing();
export const handler = traceInvocations(notifyHandler(createNotifyDeps()));
